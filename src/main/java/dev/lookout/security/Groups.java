package dev.lookout.security;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The directory groups a user is in, carried as {@code GROUP_<cn>} authorities next to the roles:
 * a signed-in user has the groups the directory gave at sign-in (nested ones included); an API
 * token has the groups its owner had when the token was created.
 */
public final class Groups {

	public static final String PREFIX = "GROUP_";

	private Groups() {
	}

	/** The authority that says a user is in group {@code name} (its plain CN, case kept). */
	public static String authority(String name) {
		return PREFIX + name;
	}

	/** The names of the groups among {@code authentication}'s authorities; empty for none or no authentication. */
	public static Set<String> of(Authentication authentication) {
		return (authentication != null) ? of(authentication.getAuthorities()) : Set.of();
	}

	public static Set<String> of(Collection<? extends GrantedAuthority> authorities) {
		Set<String> names = new TreeSet<>();
		for (GrantedAuthority authority : authorities) {
			String value = authority.getAuthority();
			if (value != null && value.startsWith(PREFIX) && value.length() > PREFIX.length()) {
				names.add(value.substring(PREFIX.length()));
			}
		}
		return Set.copyOf(names);
	}

}
