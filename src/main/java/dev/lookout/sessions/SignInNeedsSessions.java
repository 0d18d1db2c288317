package dev.lookout.sessions;

import java.io.IOException;
import java.time.Duration;

import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a sign-in at once with 503 {@code SESSION_STORE_UNAVAILABLE} while sessions cannot be
 * stored, rather than signing the user in to a session that would not outlive the answer. Runs
 * before Spring Security, whose CSRF check would otherwise refuse the form first, with a
 * misleading "token missing" (the session holding the token could not be read either).
 */
final class SignInNeedsSessions extends OncePerRequestFilter {

	/** The shared client retries its connection within a few seconds of Redis coming back. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private static final RequestMatcher SIGN_IN = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/login");

	private final FailSafeSessions<?> sessions;

	SignInNeedsSessions(FailSafeSessions<?> sessions) {
		this.sessions = sessions;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (SIGN_IN.matches(request) && !this.sessions.available()) {
			request.setAttribute(Failure.ATTRIBUTE, Failure.of(ErrorCode.SESSION_STORE_UNAVAILABLE,
					"Signing in is paused: sessions are kept in Redis, which cannot be reached, so a session made"
							+ " now would be lost. Dashboards that are public stay readable; retry in a moment.")
				.withRetryAfter(RETRY_AFTER));
			response.sendError(ErrorCode.SESSION_STORE_UNAVAILABLE.status().value());
			return;
		}
		chain.doFilter(request, response);
	}

}
