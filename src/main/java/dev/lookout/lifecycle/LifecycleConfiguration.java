package dev.lookout.lifecycle;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/** The shutdown registry, its hook into the context's close, the instance's state and the exit on SIGTERM. */
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

	@Bean
	Instance instance(ShutdownRegistry registry, ApplicationEventPublisher events, ShutdownSettings settings) {
		return new Instance(registry, events, settings.hookTimeout());
	}

	/** After the request id and the admission filters, so a refusal carries its id and no permit is taken. */
	@Bean
	FilterRegistrationBean<ReloadingFilter> reloadingFilter(Instance instance) {
		FilterRegistrationBean<ReloadingFilter> registration = new FilterRegistrationBean<>(new ReloadingFilter(instance));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * The deadline is the sum of every bound of the close: the readiness delay, the drain (one
	 * phase timeout), the registry's budget, and a margin.
	 */
	@Bean
	ExitOnTerm exitOnTerm(ShutdownSettings settings, Environment environment) {
		Binder binder = Binder.get(environment);
		Duration drain = binder.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		Duration readinessDelay = binder.bind("lookout.health.readiness-delay", Duration.class).orElse(Duration.ZERO);
		return ExitOnTerm.install(readinessDelay.plus(drain).plus(settings.budget()).plus(ExitOnTerm.MARGIN));
	}

}
