package dev.lookout.security.signin;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.lookout.security.Role;

/**
 * {@code LDAP_ROLE_MAP}: which directory group, by its CN, gives which {@link Role}, written
 * {@code group=ROLE,group=ROLE}. Group names compare without regard to case, as directories
 * compare them.
 */
public final class RoleMap {

	public static final String VARIABLE = "LDAP_ROLE_MAP";

	public static final String PROPERTY = "lookout.directory.role-map";

	private static final String ROLES = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.joining(", "));

	private final Map<String, Role> byGroup;

	private RoleMap(Map<String, Role> byGroup) {
		this.byGroup = byGroup;
	}

	/**
	 * Parses a role map.
	 * @throws IllegalArgumentException naming the first entry that is wrong and why
	 */
	public static RoleMap parse(String value) {
		Map<String, Role> byGroup = new LinkedHashMap<>();
		for (String entry : (value != null) ? value.split(",") : new String[0]) {
			if (entry.isBlank()) {
				continue;
			}
			int equals = entry.indexOf('=');
			String group = (equals > 0) ? entry.substring(0, equals).strip() : "";
			if (group.isEmpty()) {
				throw new IllegalArgumentException("entry \"" + entry.strip() + "\" is not written group=ROLE");
			}
			Role role = Role.named(entry.substring(equals + 1))
				.orElseThrow(() -> new IllegalArgumentException(
						"entry \"" + entry.strip() + "\" names no role; the roles are " + ROLES));
			Role earlier = byGroup.put(group.toLowerCase(Locale.ROOT), role);
			if (earlier != null && earlier != role) {
				throw new IllegalArgumentException(
						"group \"" + group + "\" is mapped to both " + earlier + " and " + role);
			}
		}
		if (byGroup.isEmpty()) {
			throw new IllegalArgumentException("it maps no group, so nobody could sign in");
		}
		return new RoleMap(byGroup);
	}

	/** How to write one, for the guard's fixes. */
	public static String example() {
		return "lookout-admins=ADMIN,lookout-editors=EDITOR,lookout-viewers=VIEWER (roles: " + ROLES + ")";
	}

	Optional<Role> roleOf(String group) {
		return Optional.ofNullable(this.byGroup.get(group.toLowerCase(Locale.ROOT)));
	}

}
