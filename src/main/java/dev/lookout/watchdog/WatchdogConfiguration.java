package dev.lookout.watchdog;

import java.time.Clock;
import java.util.stream.Stream;

import dev.lookout.database.DatabaseReachability;
import dev.lookout.database.RequestPool;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ReloadCoordinator;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.lifecycle.Supervised;
import dev.lookout.redis.RedisProbe;
import dev.lookout.redis.SharedRedis;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the watchdog and its checks, each given what it watches by type. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WatchdogSettings.class)
class WatchdogConfiguration {

	/**
	 * Also the {@code watchdog} component of {@code /health}: its bean name says so. Started with
	 * the context, but it acts only once the instance is ready. Stopped first of the managed
	 * resources; not restartable: it keeps watching through the reloads it drives.
	 */
	@Bean
	Watchdog watchdogHealthIndicator(WatchdogSettings settings, ObjectProvider<Supervised> workers,
			RequestPool requestPool, DatabaseReachability database, ObjectProvider<SharedRedis> redis,
			ObjectProvider<RedisProbe> redisProbe, ReloadCoordinator reloads, ApplicationEventPublisher events,
			Clock clock, MeterRegistry meters, ManagedResources resources) {
		Check deadlocks = new DeadlockCheck();
		Check pool = new RequestPoolCheck(requestPool, database, settings);
		Watchdog watchdog = new Watchdog(settings,
				() -> Stream.of(Stream.of(deadlocks),
						workers.orderedStream().map((worker) -> (Check) new WorkerCheck(worker, settings)),
						Stream.of(pool), redisCheck(redis, redisProbe, settings))
					.flatMap((checks) -> checks),
				reloads, events, clock, new ActionLog(clock, meters));
		resources.register("watchdog", ShutdownOrder.WATCHDOG, watchdog::stop);
		return watchdog;
	}

	/** Only when Redis is configured: its client and its probe come together. */
	private static Stream<Check> redisCheck(ObjectProvider<SharedRedis> redis, ObjectProvider<RedisProbe> probe,
			WatchdogSettings settings) {
		SharedRedis shared = redis.getIfAvailable();
		RedisProbe answers = probe.getIfAvailable();
		return (shared != null && answers != null) ? Stream.of(new RedisClientCheck(shared, answers, settings))
				: Stream.empty();
	}

}
