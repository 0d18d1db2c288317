package dev.lookout.security;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The directory groups a user belongs to, as the sign-in found them (nested groups included):
 * kept in the authentication as {@code GROUP_<name>} authorities, beside the roles, for the rules
 * that share a dashboard with named groups only.
 */
public final class Groups {

	static final String PREFIX = "GROUP_";

	private Groups() {
	}

	/** The authority that says a user belongs to {@code group}. */
	public static String authority(String group) {
		return PREFIX + group;
	}

	/** The groups of {@code authentication}; none for an anonymous or absent one. */
	public static Set<String> of(Authentication authentication) {
		if (authentication == null) {
			return Set.of();
		}
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith(PREFIX))
			.map((authority) -> authority.substring(PREFIX.length()))
			.collect(Collectors.toUnmodifiableSet());
	}

}
