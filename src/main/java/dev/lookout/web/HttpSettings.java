package dev.lookout.web;

import java.util.List;

import org.hibernate.validator.constraints.Range;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The one HTTP port and the bounds of its request handling. application.yaml hands these to
 * Spring's {@code server.*} settings, so Tomcat applies them; binding them here is what
 * refuses an out-of-range value at startup instead of letting Tomcat misbehave.
 *
 * @param port the port for pages, API, events, health and metrics alike
 * @param maxThreads request threads; requests beyond them wait in the accept queue
 * @param acceptQueue connections the OS holds while every thread is busy; beyond it, refused
 * @param maxConnections open connections (streams included) Tomcat keeps at once
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} names the client
 * ({@link ClientAddresses}); none by default, so that no client can choose its own address
 */
@Validated
@ConfigurationProperties("lookout.http")
public record HttpSettings(@Range(min = 1, max = 65535) int port, @Range(min = 4, max = 2000) int maxThreads,
		@Range(min = 1, max = 10000) int acceptQueue, @Range(min = 16, max = 100000) int maxConnections,
		List<AddressBlock> trustedProxies) {

	public HttpSettings {
		trustedProxies = (trustedProxies != null) ? List.copyOf(trustedProxies) : List.of();
	}

}
