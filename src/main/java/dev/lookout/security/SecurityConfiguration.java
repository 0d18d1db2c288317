package dev.lookout.security;

import java.util.Optional;

import dev.lookout.system.AppMode;
import dev.lookout.web.ErrorCode;
import dev.lookout.web.Failure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** HTTP security rules, and the cipher that seals secrets at rest. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Log log = LogFactory.getLog(SecurityConfiguration.class);

	static final String METRICS_PATH = "/metrics";

	@Bean
	SecretCipher secretCipher(SecuritySettings settings) {
		return new SecretCipher(settings.secretKey(), Optional.ofNullable(settings.secretKeyPrevious()));
	}

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

	@Bean
	@Order(2)
	SecurityFilterChain applicationSecurity(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		return http.build();
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
