package dev.lookout.security;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.lookout.audit.AuditLog;
import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What a sign-in or sign-out answers, and what it leaves on record. Browsers are redirected:
 * where they were going, or back to the form, which shows why it failed. Other clients get
 * JSON: {@code 200 {username, roles}}, or problem details with a stable code. Every attempt is
 * counted ({@code lookout.logins} by outcome) and, except one refused by the throttle (cheap to
 * repeat, so it must not cost a database write), written to the audit log.
 */
final class LoginOutcomes implements AuthenticationSuccessHandler, AuthenticationFailureHandler, LogoutSuccessHandler {

	/** Session attribute through which a failed form sign-in hands its notice to the page. */
	static final String NOTICE = LoginOutcomes.class.getName() + ".NOTICE";

	static final String USERNAME = "username";

	/** The audit log's column width for names; anything longer was not a real user name. */
	private static final int MAX_NAME = 255;

	private static final Log logger = LogFactory.getLog(LoginOutcomes.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AuditLog audit;

	private final MeterRegistry meters;

	private final RoleHierarchy roleHierarchy;

	private final RequestMatcher browser;

	private final AuthenticationSuccessHandler pages = new SavedRequestAwareAuthenticationSuccessHandler();

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	LoginOutcomes(AuditLog audit, MeterRegistry meters, RoleHierarchy roleHierarchy, RequestMatcher browser) {
		this.audit = audit;
		this.meters = meters;
		this.roleHierarchy = roleHierarchy;
		this.browser = browser;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		String username = authentication.getName();
		List<String> roles = Role.of(this.roleHierarchy.getReachableGrantedAuthorities(authentication.getAuthorities()))
			.map(Role::name)
			.toList();
		count("success");
		record(username, "login.succeeded", username, Map.of("address", request.getRemoteAddr(), "roles", roles));
		if (this.browser.matches(request)) {
			this.pages.onAuthenticationSuccess(request, response, authentication);
			return;
		}
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		json.writeValue(response.getOutputStream(), Map.of("username", username, "roles", roles));
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		Failure failure = describe(exception);
		count(failure.code().name().toLowerCase(Locale.ROOT));
		if (failure.code() == ErrorCode.DIRECTORY_UNAVAILABLE) {
			logger.warn("Sign-in could not use the directory: " + exception.getMessage());
		}
		if (failure.code() != ErrorCode.TOO_MANY_REQUESTS) {
			String claimed = request.getParameter(USERNAME);
			record("anonymous", "login.failed", (claimed != null) ? truncated(claimed.strip()) : null,
					Map.of("address", request.getRemoteAddr(), "reason", failure.code().name()));
		}
		if (this.browser.matches(request)) {
			request.getSession().setAttribute(NOTICE, failure.detail());
			this.redirects.sendRedirect(request, response, "/login?error");
			return;
		}
		request.setAttribute(Failure.ATTRIBUTE, failure);
		response.sendError(failure.status());
	}

	@Override
	public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		if (this.browser.matches(request)) {
			this.redirects.sendRedirect(request, response, "/login?logout");
			return;
		}
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
	}

	/** Why a sign-in failed, in words for the person at the form as much as for a client. */
	private static Failure describe(AuthenticationException exception) {
		if (exception instanceof LoginThrottled throttled) {
			return Failure.of(ErrorCode.TOO_MANY_REQUESTS, throttled.getMessage())
				.withRetryAfter(throttled.retryAfter());
		}
		if (exception instanceof NoLookoutRole) {
			return Failure.of(ErrorCode.FORBIDDEN, "The password is right, but your account is in no group that gives"
					+ " access to Lookout. Ask an administrator to add you to one.");
		}
		if (exception instanceof DirectoryUnavailable unavailable) {
			return Failure.of(ErrorCode.DIRECTORY_UNAVAILABLE, "The directory that checks passwords cannot be reached"
					+ " right now. Try again in a moment.").withRetryAfter(unavailable.retryAfter());
		}
		return Failure.of(ErrorCode.UNAUTHORIZED, "The user name or password is wrong.");
	}

	private void count(String outcome) {
		Counter.builder("lookout.logins")
			.description("Sign-in attempts by outcome")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	/** Never lets the audit log's database turn a sign-in answer into a 500. */
	private void record(String actor, String action, String username, Map<String, ?> details) {
		try {
			this.audit.record(actor, action, "user", username, details);
		}
		catch (DataAccessException ex) {
			logger.error("Could not write " + action + " to the audit log", ex);
		}
	}

	private static String truncated(String name) {
		return (name.length() > MAX_NAME) ? name.substring(0, MAX_NAME) : name;
	}

}
