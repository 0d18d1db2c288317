package dev.lookout.lifecycle;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/** Wires the lifecycle: the answers while starting, the managed resources, their stop at the context's close, the reload and the exit on SIGTERM. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ShutdownSettings.class, StartSettings.class })
public class LifecycleConfiguration {

	@Bean
	ManagedResources managedResources(ShutdownSettings settings, Clock clock) {
		return new ManagedResources(settings, clock);
	}

	@Bean
	ManagedResourcesLifecycle managedResourcesLifecycle(ManagedResources resources) {
		return new ManagedResourcesLifecycle(resources);
	}

	@Bean
	ReloadCoordinator reloadCoordinator(ManagedResources resources, ApplicationEventPublisher events,
			ShutdownSettings settings) {
		return new ReloadCoordinator(resources, events, settings.hookTimeout());
	}

	/**
	 * Answers every request while the instance starts, on the socket the {@link EarlyPort} opened
	 * when there is one ({@link EarlyPortProtocol}), from when Tomcat exists ({@link EarlyPortContext}).
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> startingValve(ReloadCoordinator reloads, Clock clock,
			StartSettings settings) {
		return (factory) -> {
			factory.setProtocol(EarlyPortProtocol.class.getName());
			factory.addContextValves(new StartingValve(reloads, new StartingAnswers(clock, settings.timeout())));
		};
	}

	/** After the request id and the admission filters, so a refusal carries its id and no permit is taken. */
	@Bean
	FilterRegistrationBean<ReloadingFilter> reloadingFilter(ReloadCoordinator reloads) {
		FilterRegistrationBean<ReloadingFilter> registration = new FilterRegistrationBean<>(new ReloadingFilter(reloads));
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
