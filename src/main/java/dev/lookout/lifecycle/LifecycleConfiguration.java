package dev.lookout.lifecycle;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shutdown registry and its hook into the context's close. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShutdownSettings.class)
public class LifecycleConfiguration {

	@Bean
	ShutdownRegistry shutdownRegistry(ShutdownSettings settings, Clock clock) {
		return new ShutdownRegistry(settings, clock);
	}

	@Bean
	ShutdownRegistryLifecycle shutdownRegistryLifecycle(ShutdownRegistry registry) {
		return new ShutdownRegistryLifecycle(registry);
	}

}
