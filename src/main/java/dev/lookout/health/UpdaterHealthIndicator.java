package dev.lookout.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.lookout.refresh.CacheUpdater;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The cache updater: its last heartbeat and its counters. {@code DOWN} when it is not running or
 * its heartbeat is older than {@code stuckAfter}; the instance then keeps serving what is cached,
 * so the whole is {@code DEGRADED}, not down.
 */
final class UpdaterHealthIndicator implements HealthIndicator {

	private final CacheUpdater updater;

	private final Duration stuckAfter;

	private final Clock clock;

	UpdaterHealthIndicator(CacheUpdater updater, Duration stuckAfter, Clock clock) {
		this.updater = updater;
		this.stuckAfter = stuckAfter;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Instant heartbeat = this.updater.lastHeartbeat();
		Duration age = Duration.between(heartbeat, this.clock.instant());
		boolean running = this.updater.isRunning();
		Health.Builder health = (running && age.compareTo(this.stuckAfter) <= 0) ? Health.up() : Health.down();
		return health.withDetail("running", running)
			.withDetail("lastHeartbeat", heartbeat.toString())
			.withDetail("heartbeatAgeSeconds", age.toMillis() / 1000.0)
			.withDetail("stuckAfterSeconds", this.stuckAfter.toSeconds())
			.withDetail("refreshes", this.updater.refreshes())
			.withDetail("failures", this.updater.failures())
			.build();
	}

}
