package dev.lookout.security.signin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.lookout.security.Groups;
import dev.lookout.security.Role;

import org.springframework.ldap.NamingException;
import org.springframework.ldap.core.DirContextOperations;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.ldap.userdetails.LdapAuthoritiesPopulator;
import org.springframework.security.ldap.userdetails.NestedLdapAuthoritiesPopulator;

/**
 * A user's roles: the groups Spring Security's {@link NestedLdapAuthoritiesPopulator} finds
 * (groups inside groups included), mapped through {@link RoleMap}; and each of those groups as a
 * {@code GROUP_<cn>} authority ({@link Groups}), for what is restricted to directory groups. Adds what the populator
 * lacks: a user with no mapped group is refused instead of signed in without rights, and a
 * directory failure during the group search is reported as one (the provider wraps failures
 * of the bind, not of this step, which would otherwise surface as a 500).
 */
final class DirectoryRoles implements LdapAuthoritiesPopulator {

	private final NestedLdapAuthoritiesPopulator groups;

	private final RoleMap roleMap;

	/**
	 * @param groups configured to name each group by its plain CN (no prefix, case kept)
	 */
	DirectoryRoles(NestedLdapAuthoritiesPopulator groups, RoleMap roleMap) {
		this.groups = groups;
		this.roleMap = roleMap;
	}

	@Override
	public Collection<? extends GrantedAuthority> getGrantedAuthorities(DirContextOperations user, String username) {
		Collection<GrantedAuthority> found;
		try {
			found = this.groups.getGrantedAuthorities(user, username);
		}
		catch (NamingException ex) {
			throw new DirectoryUnavailable(ex);
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		found.forEach((group) -> this.roleMap.roleOf(group.getAuthority()).ifPresent(roles::add));
		if (roles.isEmpty()) {
			throw new NoLookoutRole(username);
		}
		List<GrantedAuthority> authorities = new ArrayList<>();
		roles.forEach((role) -> authorities.add(new SimpleGrantedAuthority(role.authority())));
		Set<String> names = new TreeSet<>();
		found.forEach((group) -> names.add(group.getAuthority()));
		names.forEach((name) -> authorities.add(new SimpleGrantedAuthority(Groups.authority(name))));
		return authorities;
	}

}
