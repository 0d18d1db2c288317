package dev.lookout.resilience;

import java.time.Clock;

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

	@Bean
	Bulkheads bulkheads(MeterRegistry meters) {
		return new Bulkheads(meters);
	}

}
