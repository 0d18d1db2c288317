package dev.lookout.tokens;

import java.time.Duration;

import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The writer behind the requests, stopped in its turn before the request pool it writes through. */
@Configuration(proxyBeanMethods = false)
class TokensConfiguration {

	private static final Duration STOP_WITHIN = Duration.ofSeconds(2);

	@Bean(destroyMethod = "")
	BehindTheRequests tokenWriter(ManagedResources resources) {
		BehindTheRequests writer = new BehindTheRequests();
		resources.register("token-writer", ShutdownOrder.AUDIT_WRITER, () -> writer.stop(STOP_WITHIN));
		return writer;
	}

}
