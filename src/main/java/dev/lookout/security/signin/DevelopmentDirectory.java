package dev.lookout.security.signin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldif.LDIFReader;
import dev.lookout.system.AppMode;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The demo directory of development: an in-memory UnboundID server on a free loopback port,
 * loaded with the demo users from {@value #LDIF}. Not Spring Security's
 * {@code UnboundIdContainer}: it listens on every interface (these users' password is
 * published), adds a fixed {@code uid=admin,ou=system} bind account, and stops with the
 * context's beans rather than through the shutdown registry.
 */
public final class DevelopmentDirectory {

	public static final String BASE = "dc=lookout,dc=dev";

	/** Every demo user's password, as the LDIF sets it. */
	static final String PASSWORD = "lookout";

	private static final String LDIF = "directory/development.ldif";

	private final InMemoryDirectoryServer server;

	private DevelopmentDirectory(InMemoryDirectoryServer server) {
		this.server = server;
	}

	static DevelopmentDirectory start() {
		try (InputStream ldif = new ClassPathResource(LDIF).getInputStream()) {
			InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
			config.setListenerConfigs(
					InMemoryListenerConfig.createLDAPConfig("development", InetAddress.getLoopbackAddress(), 0, null));
			InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
			server.importFromLDIF(true, new LDIFReader(ldif));
			server.startListening();
			return new DevelopmentDirectory(server);
		}
		catch (LDAPException ex) {
			throw new IllegalStateException("The development directory did not start: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "ldap://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + this.server.getListenPort() + "/"
				+ BASE;
	}

	/** The demo users, read from the directory so that they are the ones the LDIF holds. */
	List<DemoUser> users() {
		try {
			return this.server.search(BASE, SearchScope.SUB, "(objectClass=inetOrgPerson)", "uid", "description")
				.getSearchEntries()
				.stream()
				.map((entry) -> new DemoUser(entry.getAttributeValue("uid"), entry.getAttributeValue("description")))
				.sorted(Comparator.comparing(DemoUser::name))
				.toList();
		}
		catch (LDAPException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Closes the listener and every open connection. */
	void stop() {
		this.server.shutDown(true);
	}

	/**
	 * One demo user.
	 * @param description what happens when they sign in, as the LDIF says
	 */
	record DemoUser(String name, String description) {

		@Override
		public String toString() {
			return this.name + " (" + this.description + ")";
		}

	}

	/** Development without {@code LDAP_URL}. */
	static final class Wanted implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return AppMode.of(context.getEnvironment()).isDevelopment()
					&& !StringUtils.hasText(context.getEnvironment().getProperty("lookout.directory.url"));
		}

	}

}
