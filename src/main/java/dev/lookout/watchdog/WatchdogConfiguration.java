package dev.lookout.watchdog;

import java.time.Clock;

import dev.lookout.database.RequestPool;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.lifecycle.Supervised;
import dev.lookout.redis.SharedRedis;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The watchdog, also the {@code watchdog} component of {@code /health} (its bean name says so). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WatchdogSettings.class)
class WatchdogConfiguration {

	/**
	 * Started with the context, but it acts only once the instance is ready. Stopped first by the
	 * registry; not restartable: it keeps watching through the reloads it drives.
	 */
	@Bean
	Watchdog watchdogHealthIndicator(WatchdogSettings settings, ObjectProvider<Supervised> workers,
			RequestPool requestPool, ObjectProvider<SharedRedis> redis, ReloadCoordinator instance,
			ObjectProvider<HealthContributorRegistry> health, ApplicationEventPublisher events, Clock clock, MeterRegistry meters,
			ManagedResources resources) {
		Watchdog watchdog = new Watchdog(settings, workers, requestPool, redis, instance, health, events, clock,
				meters);
		resources.register("watchdog", ShutdownOrder.WATCHDOG, watchdog::stop);
		return watchdog;
	}

}
