package dev.lookout.web;

import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The client address of every request, from the trusted proxies' {@code X-Forwarded-For} or the peer. */
@Configuration(proxyBeanMethods = false)
class ClientAddressConfiguration {

	private static final Log logger = LogFactory.getLog(ClientAddressConfiguration.class);

	@Bean
	ClientAddresses clientAddresses(HttpSettings settings) {
		if (!settings.trustedProxies().isEmpty()) {
			logger.info("X-Forwarded-For names the client when the request comes from " + settings.trustedProxies());
		}
		return new ClientAddresses(settings.trustedProxies());
	}

	/** Right after the request id (highest precedence), before Spring Session and Spring Security. */
	@Bean
	FilterRegistrationBean<ClientAddressFilter> clientAddressFilter(ClientAddresses addresses) {
		FilterRegistrationBean<ClientAddressFilter> registration = new FilterRegistrationBean<>(
				new ClientAddressFilter(addresses));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
		return registration;
	}

}
