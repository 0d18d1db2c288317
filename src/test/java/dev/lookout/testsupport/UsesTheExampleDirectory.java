package dev.lookout.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Implemented by a Spring test whose application signs users in against the example directory
 * ({@link TestDirectory#example()}): points {@code LDAP_URL} at it and binds as its service account.
 * Every implementing class shares the directory, and Spring's context cache sees the same
 * properties, so test classes configured alike share one application context.
 */
// The bind account as plain test properties: the startup guard resolves LDAP_BIND_PASSWORD while the
// environment is prepared, before dynamic properties exist.
@TestPropertySource(properties = { "LDAP_BIND_DN=" + UsesTheExampleDirectory.BIND_DN,
		"LDAP_BIND_PASSWORD=" + UsesTheExampleDirectory.BIND_PASSWORD })
public interface UsesTheExampleDirectory {

	String BIND_DN = "cn=lookout,ou=services,dc=example,dc=com";

	String BIND_PASSWORD = "service-Pa55word";

	@DynamicPropertySource
	static void exampleDirectory(DynamicPropertyRegistry registry) {
		registry.add("LDAP_URL", () -> TestDirectory.example().url());
	}

}
