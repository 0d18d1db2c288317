package dev.lookout.security;

import java.util.Collection;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.core.GrantedAuthority;

/**
 * What a signed-in user may do. Each role includes the ones before it: an editor also views,
 * an admin also edits ({@link #hierarchy()}).
 */
public enum Role {

	/** Reads dashboards. */
	VIEWER,

	/** Changes dashboards and panels, runs query previews. */
	EDITOR,

	/** Manages data sources and the runtime. */
	ADMIN;

	static final String PREFIX = "ROLE_";

	public String authority() {
		return PREFIX + name();
	}

	public static RoleHierarchy hierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(ADMIN.name())
			.implies(EDITOR.name())
			.role(EDITOR.name())
			.implies(VIEWER.name())
			.build();
	}

	/** The roles among {@code authorities}, in this enum's order; other authorities are skipped. */
	public static Stream<Role> of(Collection<? extends GrantedAuthority> authorities) {
		return Stream.of(values())
			.filter((role) -> authorities.stream().anyMatch((held) -> role.authority().equals(held.getAuthority())));
	}

	public static Optional<Role> named(String name) {
		return Stream.of(values()).filter((role) -> role.name().equalsIgnoreCase(name.strip())).findFirst();
	}

}
