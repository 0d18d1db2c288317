package dev.lookout.resilience;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The breakers and bulkheads, with their meters. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResilienceSettings.class)
class ResilienceConfiguration {

	@Bean
	Breakers breakers(ResilienceSettings settings, Clock clock, MeterRegistry meters) {
		return new Breakers(settings, clock, meters);
	}

	/** The registry itself, for readers such as /health that list every breaker's state. */
	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry(Breakers breakers) {
		return breakers.registry();
	}

	@Bean
	Bulkheads bulkheads(MeterRegistry meters) {
		return new Bulkheads(meters);
	}

}
