package dev.lookout.security.csrf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What happens to a request without a valid CSRF token. Spring Security's {@link CsrfFilter}
 * decides; this class names the outcome with a stable code, tells the client how to send a
 * token, logs and counts it, and in {@link CsrfMode#REPORT} lets the request through with an
 * {@code X-CSRF-Warning} header. Hand-written because Spring Security has no report-only CSRF.
 */
public final class CsrfViolations {

	static final String WARNING_HEADER = "X-CSRF-Warning";

	public static final String HEADER_NAME = "X-CSRF-Token";

	public static final String PARAMETER_NAME = "_csrf";

	private static final Log logger = LogFactory.getLog(CsrfViolations.class);

	private final CsrfMode mode;

	private final CsrfTokenRepository tokens;

	private final CsrfTokenResolution resolution;

	private final MeterRegistry meters;

	private final RequestMatcher browsers;

	public CsrfViolations(CsrfMode mode, CsrfTokenRepository tokens, CsrfTokenResolution resolution, MeterRegistry meters,
			RequestMatcher browsers) {
		this.mode = mode;
		this.tokens = tokens;
		this.resolution = resolution;
		this.meters = meters;
		this.browsers = browsers;
	}

	/** Answers a CSRF refusal (enforce mode) with its code; other denials get {@code FORBIDDEN}. */
	public AccessDeniedHandler deniedHandler() {
		return (request, response, denied) -> {
			Failure failure = (denied instanceof CsrfException) ? recorded(request)
					: Failure.of(ErrorCode.FORBIDDEN, "Your account is not allowed to do this.");
			request.setAttribute(Failure.ATTRIBUTE, failure);
			response.sendError(failure.status());
		};
	}

	/**
	 * In report mode, placed before the {@link CsrfFilter}: flags a bad request, then lets it pass.
	 * @param exempt requests the CSRF check does not apply to (an API token without a cookie)
	 */
	public OncePerRequestFilter reportingFilter(RequestMatcher exempt) {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if (CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request) && !exempt.matches(request)) {
					CsrfToken expected = CsrfViolations.this.tokens.loadToken(request);
					if (!isValid(request, expected)) {
						response.setHeader(WARNING_HEADER, recorded(request).code().name()
								+ "; this request would be refused when CSRF_MODE=enforce");
						CsrfFilter.skipRequest(request);
					}
				}
				chain.doFilter(request, response);
			}
		};
	}

	private boolean isValid(HttpServletRequest request, CsrfToken expected) {
		if (expected == null) {
			return false;
		}
		String actual = this.resolution.resolveCsrfTokenValue(request, expected);
		return actual != null && MessageDigest.isEqual(expected.getToken().getBytes(StandardCharsets.UTF_8),
				actual.getBytes(StandardCharsets.UTF_8));
	}

	private Failure recorded(HttpServletRequest request) {
		ErrorCode code = carriesToken(request) ? ErrorCode.CSRF_TOKEN_INVALID : ErrorCode.CSRF_TOKEN_MISSING;
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		String user = (authentication != null) ? authentication.getName() : "anonymous";
		logger.warn("CSRF " + this.mode.name().toLowerCase(Locale.ROOT) + ": " + code + " on " + request.getMethod() + " "
				+ request.getRequestURI() + " by " + user);
		Counter.builder("lookout.csrf.violations")
			.description("Unsafe requests without a valid CSRF token")
			.tag("mode", this.mode.name().toLowerCase(Locale.ROOT))
			.tag("reason", code.name())
			.register(this.meters)
			.increment();
		if (this.browsers.matches(request)) {
			// A person at a browser: most often a form left open until the session expired.
			return Failure.of(code, "This form could not be sent because your session expired or the page is"
					+ " out of date. Go back, reload the page and send it again.");
		}
		return Failure.of(code, (code == ErrorCode.CSRF_TOKEN_MISSING)
				? "This request changes data and needs a CSRF token. Send it in the " + HEADER_NAME
						+ " header (GET /api/csrf returns it; pages carry it in <meta name=\"csrf-token\">) or, from an"
						+ " HTML form, in the " + PARAMETER_NAME + " field. A token in the URL is not accepted."
				: "The CSRF token does not belong to this session: it expired with the session or came from another"
						+ " one. Reload the page (or GET /api/csrf) and send the request again with the new token.");
	}

	/** Whether the request brought any token at all, in an accepted place. */
	private boolean carriesToken(HttpServletRequest request) {
		return this.resolution.presentedValue(request, HEADER_NAME, PARAMETER_NAME) != null;
	}

}
