package dev.lookout.security.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.lookout.security.AnonymousReads;
import dev.lookout.security.BearerToken;
import dev.lookout.security.BearerTokenRefused;
import dev.lookout.security.Role;
import dev.lookout.security.SecuritySettings;
import dev.lookout.security.csrf.CsrfMode;
import dev.lookout.security.csrf.CsrfTokenResolution;
import dev.lookout.security.csrf.CsrfViolations;
import dev.lookout.security.TokenAuthentication;
import dev.lookout.security.guard.ModeDefaults;
import dev.lookout.security.signin.BearerSignIn;
import dev.lookout.security.signin.LoginOutcomes;
import dev.lookout.system.AppMode;
import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.MDC;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The HTTP security rules: the scrape chain for {@code /metrics} and the application's chain
 * (sign-in, roles, CSRF, session, headers).
 * <p>
 * Over 300 lines on purpose: the access rules of every path are read in one place, and a rule split across classes is a rule nobody reviews whole.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Log log = LogFactory.getLog(SecurityConfiguration.class);

	static final String METRICS_PATH = "/metrics";

	/** A browser asking for a page; anything else (fetch, API clients, curl) is answered in JSON. */
	static final RequestMatcher BROWSER = browserRequests();

	/**
	 * A request with an API token and no cookie: authenticated by the token alone, stateless, and
	 * exempt from CSRF, which protects what a browser sends by itself (its cookies); a page on
	 * another origin cannot make a browser send an {@code Authorization} header. A request that
	 * brings a cookie as well is treated as the cookie's session: its bearer is ignored and the
	 * CSRF check applies, so a token can never switch CSRF off for a session.
	 */
	static final RequestMatcher BEARER_WITHOUT_COOKIE = (request) -> request.getHeader(HttpHeaders.COOKIE) == null
			&& bearerValue(request.getHeader(HttpHeaders.AUTHORIZATION)) != null;

	/** The application's pages: a browser sent from one to sign in comes back to it. */
	private static final List<String> PAGES = List.of("/", "/d/**", "/dashboards/**", "/admin/**", "/tokens",
			"/alerts/**");

	private static final List<HttpMethod> UNSAFE_METHODS = List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
			HttpMethod.DELETE);

	/** In production a scrape must bring the metrics token; elsewhere the endpoint is open. */
	@Bean
	@Order(1)
	SecurityFilterChain metricsSecurity(HttpSecurity http, SecuritySettings settings, Environment environment)
			throws Exception {
		AuthorizationManager<RequestAuthorizationContext> scrape;
		if (AppMode.of(environment) == AppMode.PRODUCTION) {
			MetricsScrapeAuthorization byToken = new MetricsScrapeAuthorization(settings.metricsToken());
			if (!byToken.isConfigured()) {
				log.warn("METRICS_TOKEN is not set: " + METRICS_PATH + " refuses every scrape");
			}
			scrape = byToken;
		}
		else {
			scrape = SingleResultAuthorizationManager.permitAll();
		}
		http.securityMatcher(METRICS_PATH)
			.authorizeHttpRequests((requests) -> requests.anyRequest().access(scrape))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(scrapeTokenRequired()));
		return http.build();
	}

	/**
	 * Everything but {@code /metrics}: sign-in, roles, session and headers. Viewers read
	 * dashboards (everyone does, with public dashboards), editors change them, admins manage
	 * data sources and the runtime and read the audit log; each role includes the lower ones
	 * ({@link Role#hierarchy()}).
	 */
	@Bean
	@Order(2)
	SecurityFilterChain applicationSecurity(HttpSecurity http, SecuritySettings settings,
			AuthenticationManager loginAuthentication, BearerSignIn bearerSignIn, ApplicationEventPublisher events,
			MeterRegistry meters, RoleHierarchy roleHierarchy, Environment environment, AnonymousReads anonymousReads)
			throws Exception {
		LoginOutcomes outcomes = new LoginOutcomes(events, meters, roleHierarchy, BROWSER);
		HttpSessionCsrfTokenRepository tokens = new HttpSessionCsrfTokenRepository();
		tokens.setHeaderName(CsrfViolations.HEADER_NAME);
		tokens.setParameterName(CsrfViolations.PARAMETER_NAME);
		CsrfTokenResolution resolution = new CsrfTokenResolution();
		CsrfViolations violations = new CsrfViolations(settings.csrfMode(), tokens, resolution, meters, BROWSER);
		if (settings.csrfMode() == CsrfMode.REPORT) {
			log.warn("CSRF_MODE=report: requests without a valid CSRF token are let through, logged and flagged;"
					+ " switch back to enforce once clients send the token");
			http.addFilterBefore(violations.reportingFilter(BEARER_WITHOUT_COOKIE), CsrfFilter.class);
		}
		if (settings.cspMode() == CspMode.REPORT) {
			log.warn("CSP_MODE=report: the Content Security Policy is not enforced, browsers only report what it would"
					+ " block; switch back to enforce once pages work under it");
		}
		http.addFilterBefore(new ContentSecurityPolicy(settings.cspMode()), HeaderWriterFilter.class);
		http.addFilterBefore(bearerAuthentication(bearerSignIn::authenticate), UsernamePasswordAuthenticationFilter.class);
		boolean development = AppMode.of(environment) == AppMode.DEVELOPMENT;
		// Development only: the built-in webhook receiver (notifications), which a webhook calls
		// without a session; it checks the delivery's signature itself.
		RequestMatcher developmentWebhook = development
				? PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/dev/webhook-log") : (request) -> false;
		http.csrf((csrf) -> csrf.csrfTokenRepository(tokens)
			.csrfTokenRequestHandler(resolution)
			.ignoringRequestMatchers(new OrRequestMatcher(BEARER_WITHOUT_COOKIE, developmentWebhook)))
			.authenticationManager(loginAuthentication)
			.authorizeHttpRequests((requests) -> {
				requests.requestMatchers("/login", "/error", "/health/**", "/css/**", "/js/**", "/webjars/**",
						"/favicon.ico", "/api/csrf", "/api/openapi.json")
					.permitAll()
					.requestMatchers(developmentWebhook)
					.permitAll()
					// Alert channels' page, before the alerts' rules, whose /alerts/** would take it: admins
					// only, reading too, as it shows what the runtime page does (delivery errors, breakers).
					.requestMatchers("/alerts/channels", "/alerts/channels/**")
					.hasRole(Role.ADMIN.name())
					// Before the reading rules, whose /d/** would take the edit pages too.
					.requestMatchers("/dashboards/new", "/d/*/edit", "/alerts/new", "/alerts/*/edit")
					.hasRole(Role.EDITOR.name());
				var reading = requests.requestMatchers(HttpMethod.GET, "/", "/d/**", "/api/dashboards/**",
						"/api/panels/*/result", "/api/panels/*/result.csv", "/api/stream");
				// HEAD of a result tells a client its size and ETag: readable by whoever may GET it.
				var readingHead = requests.requestMatchers(HttpMethod.HEAD, "/api/panels/*/result",
						"/api/panels/*/result.csv");
				if (anonymousReads.allowed()) {
					reading.permitAll();
					readingHead.permitAll();
				}
				else {
					reading.hasRole(Role.VIEWER.name());
					readingHead.hasRole(Role.VIEWER.name());
				}
				// The form posts of the dashboard pages (create, save, delete) as much as the API.
				for (HttpMethod unsafe : UNSAFE_METHODS) {
					requests.requestMatchers(unsafe, "/dashboards/**", "/d/**", "/api/dashboards/**", "/api/panels/**")
						.hasRole(Role.EDITOR.name());
				}
				// Alerts need sign-in even with public dashboards: viewers read them, editors change and silence them.
				requests.requestMatchers(HttpMethod.GET, "/alerts", "/api/alerts", "/api/alerts/**")
					.hasRole(Role.VIEWER.name());
				for (HttpMethod unsafe : UNSAFE_METHODS) {
					requests.requestMatchers(unsafe, "/alerts/**", "/api/alerts", "/api/alerts/**")
						.hasRole(Role.EDITOR.name());
				}
				// Alert channels carry secrets: editors read them (never a secret), admins change them.
				requests.requestMatchers(HttpMethod.GET, "/api/alert-channels", "/api/alert-channels/**")
					.hasRole(Role.EDITOR.name())
					.requestMatchers("/api/alert-channels", "/api/alert-channels/**", "/api/dev/**")
					.hasRole(Role.ADMIN.name());
				requests.requestMatchers(HttpMethod.POST, "/api/query")
					.hasRole(Role.EDITOR.name())
					.requestMatchers("/admin/**", "/api/datasources/**", "/api/admin/**", "/api/audit/**")
					.hasRole(Role.ADMIN.name())
					.anyRequest()
					.authenticated();
			})
			.formLogin((form) -> form.loginPage("/login")
				.usernameParameter(LoginOutcomes.USERNAME)
				.successHandler(outcomes)
				.failureHandler(outcomes))
			.logout((logout) -> logout
				.logoutRequestMatcher(PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/logout"))
				.logoutSuccessHandler(outcomes))
			.requestCache((cache) -> cache.requestCache(pagesOnly()))
			.sessionManagement((session) -> session.sessionFixation((fixation) -> fixation.changeSessionId()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(signInRequired())
				.accessDeniedHandler(violations.deniedHandler()))
			// Content-Security-Policy comes from the ContentSecurityPolicy filter above (it needs a nonce per response).
			.headers((headers) -> {
				headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN));
				// HTTPS-only deployments (production, ModeDefaults) also tell browsers never to use plain HTTP.
				if (!httpsOnly(environment)) {
					headers.httpStrictTransportSecurity((hsts) -> hsts.disable());
				}
			});
		return http.build();
	}

	/**
	 * Who may read without signing in, and the headers this chain writes on a JSON answer (those of
	 * {@code headers(...)} below, and the policy of a document that is no page), for the reads
	 * answered ahead of the chain; {@code PanelResultControllerTest} keeps the two equal.
	 */
	@Bean
	AnonymousReads anonymousReads(SecuritySettings settings, Environment environment) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("X-Content-Type-Options", "nosniff");
		headers.put("X-XSS-Protection", "0");
		headers.put("X-Frame-Options", "DENY");
		headers.put("Referrer-Policy", ReferrerPolicy.SAME_ORIGIN.getPolicy());
		headers.put(ContentSecurityPolicy.headerName(settings.cspMode()), ContentSecurityPolicy.DOCUMENT_POLICY);
		Map<String, String> secure = httpsOnly(environment)
				? Map.of("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains") : Map.of();
		return new AnonymousReads(settings.publicDashboards(), headers, secure);
	}

	/**
	 * Spring Security's {@link AuthenticationFilter} for API tokens: the converter takes the bearer of
	 * a request without a cookie, {@link BearerSignIn} checks it (throttled), the authentication
	 * lives for this request only (the filter's default repository is a request attribute, so no
	 * session is made), and a refusal is answered at once: 401 {@code TOKEN_INVALID}, or 429 while
	 * the address is throttled. The token's id goes into the request's log lines.
	 */
	private static AuthenticationFilter bearerAuthentication(AuthenticationManager bearerSignIn) {
		AuthenticationFilter filter = new AuthenticationFilter(bearerSignIn,
				(request) -> BEARER_WITHOUT_COOKIE.matches(request)
						? new BearerToken(bearerValue(request.getHeader(HttpHeaders.AUTHORIZATION)), request.getRemoteAddr())
						: null);
		filter.setRequestMatcher(BEARER_WITHOUT_COOKIE);
		filter.setSuccessHandler(new AuthenticationSuccessHandler() {
			@Override
			public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain, Authentication authentication) throws IOException, ServletException {
				if (!(authentication instanceof TokenAuthentication token)) {
					chain.doFilter(request, response);
					return;
				}
				try (MDC.MDCCloseable logged = MDC.putCloseable(TokenAuthentication.MDC_KEY, token.tokenId())) {
					chain.doFilter(request, response);
				}
			}

			/** The request goes on to what it asked for: a token is no sign-in with a page to go to. */
			@Override
			public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
					Authentication authentication) {
			}
		});
		filter.setFailureHandler((request, response, exception) -> {
			Failure failure;
			if (exception instanceof BearerTokenRefused refused && refused.retryAfter().isPresent()) {
				failure = Failure.of(ErrorCode.TOO_MANY_REQUESTS, refused.getMessage())
					.withRetryAfter(refused.retryAfter().get());
			}
			else {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lookout\", error=\"invalid_token\"");
				failure = Failure.of(ErrorCode.TOKEN_INVALID, BearerTokenRefused.INVALID);
			}
			request.setAttribute(Failure.ATTRIBUTE, failure);
			response.sendError(failure.status());
		});
		return filter;
	}

	/** The token of {@code Authorization: Bearer <token>} (the scheme in any case), or null. */
	static String bearerValue(String authorization) {
		if (authorization == null || authorization.length() <= 7
				|| !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String value = authorization.substring(7).strip();
		return value.isEmpty() ? null : value;
	}

	private static boolean httpsOnly(Environment environment) {
		return environment.getProperty(ModeDefaults.HTTPS_ONLY_PROPERTY, Boolean.class, false);
	}

	/**
	 * The page to return to after sign-in is kept (in the session) only for a browser going to one
	 * of the application's pages: that browser is sent to the sign-in form next, whose CSRF token
	 * needs the session anyway. Anything else (an API client, a bot probing unknown paths) would
	 * otherwise create a session for nothing, and with Redis store one.
	 */
	private static RequestCache pagesOnly() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.setRequestMatcher(new AndRequestMatcher(BROWSER,
				new OrRequestMatcher(PAGES.stream()
					.map((pattern) -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(HttpMethod.GET, pattern))
					.toList())));
		return cache;
	}

	/** Browsers are sent to the form; API clients get 401 problem details. */
	private static AuthenticationEntryPoint signInRequired() {
		AuthenticationEntryPoint form = new LoginUrlAuthenticationEntryPoint("/login");
		return (request, response, exception) -> {
			if (BROWSER.matches(request)) {
				form.commence(request, response, exception);
				return;
			}
			request.setAttribute(Failure.ATTRIBUTE, Failure.of(ErrorCode.UNAUTHORIZED,
					"Sign in first: POST /login with username and password (and the CSRF token), then send the"
							+ " session cookie."));
			response.sendError(401);
		};
	}

	private static RequestMatcher browserRequests() {
		MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML,
				MediaType.APPLICATION_XHTML_XML);
		// "*/*" is what a client sends when it does not care; that is not a browser.
		html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return html;
	}

	private static AuthenticationEntryPoint scrapeTokenRequired() {
		return (request, response, exception) -> {
			response.setHeader("WWW-Authenticate", "Bearer realm=\"lookout-metrics\"");
			request.setAttribute(Failure.ATTRIBUTE, Failure.of(ErrorCode.UNAUTHORIZED,
					"Scraping " + METRICS_PATH + " needs the header 'Authorization: Bearer <METRICS_TOKEN>'."));
			response.sendError(401);
		};
	}

}
