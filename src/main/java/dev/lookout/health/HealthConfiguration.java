package dev.lookout.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import dev.lookout.database.DatabaseReachability;
import dev.lookout.database.DatabaseUrl;
import dev.lookout.database.RequestPool;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.redis.SharedRedis;
import dev.lookout.refresh.CacheUpdater;
import dev.lookout.refresh.RefreshSettings;
import dev.lookout.security.signin.DirectoryCheck;
import dev.lookout.web.CheapRequests;
import dev.lookout.web.HttpSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The health checks behind {@code /health}; each indicator bean's name, less its suffix, names
 * its component. The probes and groups themselves are Actuator's, set up in application.yaml.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthSettings.class)
class HealthConfiguration {

	/** A heartbeat may lag by a round that waits on the request pool; ten ticks is plainly stuck. */
	private static final Duration MIN_STUCK_AFTER = Duration.ofSeconds(10);

	/** A due check waits at most this long for its start: a quarter of the default period. */
	private static final Duration MAX_TICK = Duration.ofMillis(250);

	/** Disposed by the shutdown registry last of all, so health answers while the rest stops. */
	@Bean(destroyMethod = "")
	HealthPool healthPool(DatabaseUrl applicationDatabaseUrl, HealthSettings settings, MeterRegistry meters,
			ManagedResources resources) {
		HealthPool pool = new HealthPool(applicationDatabaseUrl, settings, meters);
		resources.register("health-pool", ShutdownOrder.HEALTH_POOL, pool::close).startWith(pool::open);
		return pool;
	}

	/** Runs every costly check on its own period; stopped with the context, after the last probe. */
	@Bean(destroyMethod = "close")
	HealthSchedule healthSchedule(HealthSettings settings) {
		Duration tick = settings.cache().dividedBy(4);
		return new HealthSchedule((tick.compareTo(MAX_TICK) > 0) ? MAX_TICK : tick);
	}

	@Bean
	ScheduledCheck databaseHealthIndicator(HealthPool healthPool, HealthSchedule schedule, HealthSettings settings,
			Clock clock) {
		return schedule.add(new ScheduledCheck(healthPool::probe, settings.cache(), settings.timeout(),
				Map.of("pool", HealthPool.POOL_NAME), clock));
	}

	/** The database check above, by type, for the watchdog and the request pool's guard: its latest result, never a wait. */
	@Bean
	DatabaseReachability databaseReachability(ScheduledCheck databaseHealthIndicator) {
		return new DatabaseReachability() {
			@Override
			public boolean answers() {
				return Status.UP.equals(databaseHealthIndicator.health().getStatus());
			}

			@Override
			public boolean down() {
				return Status.DOWN.equals(databaseHealthIndicator.health().getStatus());
			}
		};
	}

	@Bean
	RequestPoolHealthIndicator requestPoolHealthIndicator(RequestPool requestPool) {
		return new RequestPoolHealthIndicator(requestPool);
	}

	@Bean
	CacheHealthIndicator cacheHealthIndicator(CacheUpdater updater, Clock clock) {
		return new CacheHealthIndicator(updater, clock);
	}

	@Bean
	UpdaterHealthIndicator updaterHealthIndicator(CacheUpdater updater, RefreshSettings refresh, Clock clock) {
		Duration tenTicks = refresh.tickInterval().multipliedBy(10);
		return new UpdaterHealthIndicator(updater,
				(tenTicks.compareTo(MIN_STUCK_AFTER) > 0) ? tenTicks : MIN_STUCK_AFTER, clock);
	}

	/** The admission filter, which also reports the request threads as component {@code requestThreads}. */
	@Bean
	AdmissionControlFilter requestThreadsHealthIndicator(HttpSettings http, HealthSettings settings,
			ObjectProvider<CheapRequests> cheap, MeterRegistry meters) {
		return new AdmissionControlFilter(http.maxThreads(), settings.reservedThreads(), cheap.orderedStream().toList(),
				meters);
	}

	/**
	 * After the request id (so a refusal carries it) and the reload gate; before sessions, security
	 * and everything that may hold a thread long. Anonymous reads of stored results never get here
	 * (a valve answers them in the container), so they are never shed.
	 */
	@Bean
	FilterRegistrationBean<AdmissionControlFilter> admissionControl(AdmissionControlFilter filter) {
		FilterRegistrationBean<AdmissionControlFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
		return registration;
	}

	/** Replaces Actuator's aggregator for {@code /health} and its groups. */
	@Bean
	InstanceStatusAggregator healthStatusAggregator(ApplicationAvailability availability) {
		return new InstanceStatusAggregator(availability);
	}

	@Bean
	ReadinessDelay readinessDelay(HealthSettings settings) {
		return new ReadinessDelay(settings.readinessDelay());
	}

	/**
	 * Redis, the circuit breakers and a directory exist only in some configurations: their components are
	 * registered once every bean is, when theirs are there.
	 */
	@Bean
	SmartInitializingSingleton optionalHealthContributors(HealthContributorRegistry registry,
			ObjectProvider<SharedRedis> redis, ObjectProvider<CircuitBreakerRegistry> breakers,
			DirectoryCheck directory, HealthSchedule schedule, HealthSettings settings, ManagedResources resources,
			Clock clock) {
		return () -> {
			directory.location()
				.ifPresent((location) -> registry.registerContributor("directory",
						schedule.add(directoryCheck(directory, location, settings, resources, clock))));
			redis.ifAvailable((shared) -> registry.registerContributor("redis",
					schedule.add(redisCheck(shared, settings, clock))));
			breakers.ifAvailable((circuitBreakers) -> registry.registerContributor("breakers",
					new BreakersHealthIndicator(circuitBreakers)));
		};
	}

	/**
	 * A ping, sent from a probe thread of its own so that a client slow to take the command delays
	 * no other check; the thread ends when idle, so nothing needs closing.
	 */
	private static ScheduledCheck redisCheck(SharedRedis shared, HealthSettings settings, Clock clock) {
		ProbeThread prober = new ProbeThread("lookout-redis-probe-");
		return new ScheduledCheck(() -> prober.run(() -> RedisCheck.ping(shared)).thenCompose((ping) -> ping),
				settings.cache(), settings.timeout(), Map.of(), clock);
	}

	/**
	 * Whether the directory answers a bind, on a probe thread of its own so that a hung
	 * directory delays no other check.
	 */
	private static ScheduledCheck directoryCheck(DirectoryCheck directory, String location, HealthSettings settings,
			ManagedResources resources, Clock clock) {
		ProbeThread prober = new ProbeThread("lookout-directory-probe-");
		resources.register("directory-probe", ShutdownOrder.DIRECTORY_PROBE, prober::close).startWith(prober::open);
		Map<String, Object> details = Map.of("url", location);
		return new ScheduledCheck(() -> prober.run(() -> {
			long started = System.nanoTime();
			directory.reach();
			return Health.up()
				.withDetails(details)
				.withDetail("latencyMs", Duration.ofNanos(System.nanoTime() - started).toMillis())
				.build();
		}), settings.cache(), settings.timeout(), details, clock);
	}

}
