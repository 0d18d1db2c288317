package dev.lookout.security.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Lets a scrape of {@code /metrics} through when it presents {@code Authorization: Bearer
 * <METRICS_TOKEN>}. Hand-written because Spring Security's bearer support is an OAuth2
 * resource server (JWT or introspection), which a static scrape token does not need. With no
 * token configured, every scrape is refused.
 */
final class MetricsScrapeAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

	private static final String PREFIX = "Bearer ";

	private final byte[] expected;

	MetricsScrapeAuthorization(String token) {
		this.expected = (token == null || token.isBlank()) ? null : token.getBytes(StandardCharsets.UTF_8);
	}

	boolean isConfigured() {
		return this.expected != null;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		String header = context.getRequest().getHeader("Authorization");
		if (this.expected == null || header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return new AuthorizationDecision(false);
		}
		byte[] presented = header.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
		// Constant-time comparison: a timing difference must not reveal how much of a guess was right.
		return new AuthorizationDecision(MessageDigest.isEqual(presented, this.expected));
	}

}
