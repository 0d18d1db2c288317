package dev.lookout.security.signin;

import dev.lookout.security.BearerToken;
import dev.lookout.security.BearerTokenRefused;
import dev.lookout.security.BearerTokens;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;

/**
 * Authenticates a request by its API token ({@link BearerTokens}), throttled like a sign-in by the
 * same limits (in memory or in Redis, {@link SignInThrottle}): every refused token counts as a
 * failed sign-in of the pseudo user {@code bearer:<address>} from that address, so five within the
 * window lock the address out of token use for a while (doubling), and they count towards the
 * address's sign-in limit too. A locked address is refused before any token is looked at, so a
 * guesser learns nothing even when it finally guesses right.
 * <p>
 * Not an {@code AuthenticationManager} bean itself: a second one would take the place of the
 * sign-in's in Spring Security's global configuration; the chain wraps {@link #authenticate}.
 */
public final class BearerSignIn {

	private final SignInThrottle throttle;

	/** The tokens module's; without it (a context that leaves it out) every token is refused as unknown. */
	private final ObjectProvider<BearerTokens> tokens;

	BearerSignIn(SignInThrottle throttle, ObjectProvider<BearerTokens> tokens) {
		this.throttle = throttle;
		this.tokens = tokens;
	}

	/** The token's authentication; a {@link BearerTokenRefused} when it is invalid or the address throttled. */
	public Authentication authenticate(Authentication authentication) {
		BearerToken token = (BearerToken) authentication;
		BearerTokens tokens = this.tokens.getIfAvailable();
		String subject = "bearer:" + token.address();
		try {
			this.throttle.check(subject, token.address());
		}
		catch (LoginThrottled ex) {
			if (tokens != null) {
				tokens.throttled(token, ex.retryAfter());
			}
			throw BearerTokenRefused.throttled(ex.retryAfter());
		}
		try {
			if (tokens == null) {
				throw BearerTokenRefused.invalid("unknown");
			}
			return tokens.verify(token);
		}
		catch (BearerTokenRefused ex) {
			this.throttle.failed(subject, token.address());
			throw ex;
		}
		finally {
			token.eraseCredentials();
		}
	}

}
