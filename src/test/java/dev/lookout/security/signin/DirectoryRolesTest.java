package dev.lookout.security.signin;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import org.springframework.ldap.core.DirContextAdapter;
import org.springframework.ldap.support.LdapNameBuilder;
import org.springframework.security.ldap.DefaultSpringSecurityContextSource;
import org.springframework.security.ldap.userdetails.NestedLdapAuthoritiesPopulator;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A directory lost between the password check and the group search fails the sign-in as unavailable. */
class DirectoryRolesTest {

	@Test
	void aGroupSearchThatCannotReachTheDirectoryIsDirectoryUnavailable() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		DefaultSpringSecurityContextSource contextSource = new DefaultSpringSecurityContextSource(
				"ldap://127.0.0.1:" + closedPort + "/dc=example,dc=com");
		contextSource.afterPropertiesSet();
		DirectoryRoles roles = new DirectoryRoles(new NestedLdapAuthoritiesPopulator(contextSource, "ou=groups"),
				RoleMap.parse("lookout-viewers=VIEWER"));
		DirContextAdapter user = new DirContextAdapter(LdapNameBuilder.newInstance("uid=vic,ou=people").build());

		assertThatExceptionOfType(DirectoryUnavailable.class).isThrownBy(() -> roles.getGrantedAuthorities(user, "vic"))
			.withMessage("Connection refused");
	}

}
