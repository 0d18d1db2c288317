package dev.lookout.security.signin;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownSettings;
import dev.lookout.security.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.ldap.authentication.LdapAuthenticationProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The development directory with the shipped settings: the demo users sign in with their roles
 * (the editor through a nested group), the outsider cannot, and the shutdown registry stops it.
 */
class DevelopmentDirectoryTest {

	private final ManagedResources registry = new ManagedResources(
			new ShutdownSettings(Duration.ofSeconds(10), Duration.ofSeconds(5)), Clock.systemUTC());

	private final DevelopmentDirectory directory = new DirectoryConfiguration().developmentDirectory(this.registry);

	private final DirectorySettings settings = BoundDirectorySettings.of(Map.of());

	private final LdapAuthenticationProvider provider = DirectoryConfiguration.directoryProvider(this.settings,
			DirectoryConfiguration.contextSource(this.settings, new DirectoryTarget(this.directory.url(), null, null)));

	@AfterEach
	void stop() {
		this.registry.shutdown("test");
	}

	@Test
	void listensOnLoopbackOnlyWithTheDemoBase() {
		URI url = URI.create(this.directory.url());
		assertThat(url.getHost()).isEqualTo("127.0.0.1");
		assertThat(url.getPath()).isEqualTo("/dc=lookout,dc=dev");
		assertThat(this.directory.users()).extracting(DevelopmentDirectory.DemoUser::name)
			.containsExactly("admin", "editor", "outsider", "viewer");
	}

	@Test
	void eachDemoUserSignsInWithTheRoleOfTheirGroup() {
		assertThat(rolesOf("admin")).containsExactly("ROLE_ADMIN");
		assertThat(rolesOf("editor")).as("through platform-team, a member of lookout-editors")
			.containsExactly("ROLE_EDITOR");
		assertThat(rolesOf("viewer")).containsExactly("ROLE_VIEWER");
	}

	@Test
	void theOutsiderIsInNoLookoutGroupAndCannotSignIn() {
		assertThatExceptionOfType(NoLookoutRole.class)
			.isThrownBy(() -> signIn("outsider", DevelopmentDirectory.PASSWORD));
	}

	@Test
	void aWrongPasswordIsBadCredentials() {
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> signIn("admin", "admin"));
	}

	@Test
	void theShutdownRegistryStopsIt() throws Exception {
		assertThat(this.registry.names()).containsExactly("development-directory");
		int port = URI.create(this.directory.url()).getPort();
		this.registry.shutdown("test");
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close());
	}

	private Authentication signIn(String user, String password) {
		return this.provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user, password));
	}

	private List<String> rolesOf(String user) {
		return Role.of(signIn(user, DevelopmentDirectory.PASSWORD).getAuthorities()).map(Role::authority).toList();
	}

}
