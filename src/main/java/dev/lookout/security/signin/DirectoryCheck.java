package dev.lookout.security.signin;

import java.util.Optional;

import javax.naming.directory.DirContext;

import org.springframework.ldap.core.ContextSource;
import org.springframework.ldap.support.LdapUtils;
import org.springframework.modulith.NamedInterface;

/**
 * Whether the directory answers: one bind (anonymous, or as {@code LDAP_BIND_DN}) on a fresh
 * connection, bounded by {@code LDAP_CONNECT_TIMEOUT} and {@code LDAP_READ_TIMEOUT}. It is for
 * health, and deliberately outside the sign-in breaker: a probe must see the directory come back
 * while the breaker still refuses sign-ins.
 */
@NamedInterface("directory-check")
public final class DirectoryCheck {

	private final ContextSource contextSource;

	private final String location;

	DirectoryCheck(ContextSource contextSource, String location) {
		this.contextSource = contextSource;
		this.location = location;
	}

	static DirectoryCheck none() {
		return new DirectoryCheck(null, null);
	}

	/** Where the directory is, for health details; empty when no directory is configured (test mode only). */
	public Optional<String> location() {
		return Optional.ofNullable(this.location);
	}

	/**
	 * Binds and lets go at once; blocks the calling thread for at most the connect and read timeouts.
	 * @throws RuntimeException why the directory cannot be used, as Spring LDAP translated it
	 */
	public void reach() {
		if (this.contextSource == null) {
			throw new IllegalStateException("No directory is configured (LDAP_URL)");
		}
		DirContext context = this.contextSource.getReadOnlyContext();
		LdapUtils.closeContext(context);
	}

}
