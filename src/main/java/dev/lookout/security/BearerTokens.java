package dev.lookout.security;

import java.time.Duration;

import org.springframework.security.core.Authentication;

/**
 * Checks the API tokens the application chain accepts as {@code Authorization: Bearer} (on a
 * request without a cookie): implemented by the tokens module, which owns them. The chain
 * throttles the failures per client address before asking.
 */
public interface BearerTokens {

	/**
	 * The authentication of a valid token: its role and its owner's groups, nothing more.
	 * @throws BearerTokenRefused for a malformed, unknown, wrong, expired or revoked token
	 */
	Authentication verify(BearerToken token);

	/** Told when a token is refused unchecked because its address has failed too often lately. */
	void throttled(BearerToken token, Duration retryAfter);

}
