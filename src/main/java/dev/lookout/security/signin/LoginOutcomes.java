package dev.lookout.security.signin;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.lookout.security.Role;
import dev.lookout.security.signin.events.SignInFailed;
import dev.lookout.security.signin.events.SignInSucceeded;
import dev.lookout.security.signin.events.SignedOut;
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

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.BadCredentialsException;
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
 * counted ({@code lookout.logins} by outcome) and published ({@link SignInSucceeded},
 * {@link SignInFailed}, {@link SignedOut}) for the audit log, which writes it off this thread: a
 * sign-in neither waits for the application database nor fails with it.
 */
public final class LoginOutcomes implements AuthenticationSuccessHandler, AuthenticationFailureHandler, LogoutSuccessHandler {

	/** Session attribute through which a failed form sign-in hands its notice to the page. */
	static final String NOTICE = LoginOutcomes.class.getName() + ".NOTICE";

	public static final String USERNAME = "username";

	private static final Log logger = LogFactory.getLog(LoginOutcomes.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	private final RoleHierarchy roleHierarchy;

	private final RequestMatcher browser;

	private final AuthenticationSuccessHandler pages = new SavedRequestAwareAuthenticationSuccessHandler();

	private final RedirectStrategy redirects = new DefaultRedirectStrategy();

	public LoginOutcomes(ApplicationEventPublisher events, MeterRegistry meters, RoleHierarchy roleHierarchy,
			RequestMatcher browser) {
		this.events = events;
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
		this.events.publishEvent(new SignInSucceeded(username, request.getRemoteAddr(), roles));
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
		this.events.publishEvent(
				new SignInFailed(request.getParameter(USERNAME), reason(exception), request.getRemoteAddr()));
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
		if (authentication != null) {
			this.events.publishEvent(new SignedOut(authentication.getName(), request.getRemoteAddr()));
		}
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

	private static SignInFailed.Reason reason(AuthenticationException exception) {
		if (exception instanceof LoginThrottled) {
			return SignInFailed.Reason.THROTTLED;
		}
		if (exception instanceof NoLookoutRole) {
			return SignInFailed.Reason.NO_ROLE;
		}
		if (exception instanceof DirectoryUnavailable) {
			return SignInFailed.Reason.DIRECTORY_UNAVAILABLE;
		}
		if (exception instanceof UnknownUser) {
			return SignInFailed.Reason.UNKNOWN_USER;
		}
		return (exception instanceof BadCredentialsException) ? SignInFailed.Reason.WRONG_PASSWORD
				: SignInFailed.Reason.REFUSED;
	}

	private void count(String outcome) {
		Counter.builder("lookout.logins")
			.description("Sign-in attempts by outcome")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

}
