package dev.lookout.health;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The request pool's state from Hikari's own counters: no connection is borrowed to report it, so
 * it answers while the pool is exhausted. Exhausted (every connection busy, or requests waiting
 * for one) is {@code DEGRADED}: requests that need the database wait or fail fast, the rest serve.
 */
final class RequestPoolHealthIndicator implements HealthIndicator {

	private final HikariDataSource pool;

	RequestPoolHealthIndicator(HikariDataSource pool) {
		this.pool = pool;
	}

	@Override
	public Health health() {
		HikariPoolMXBean state = this.pool.getHikariPoolMXBean();
		if (state == null) {
			return Health.down().withDetail("pool", this.pool.getPoolName()).withDetail("error", "closed").build();
		}
		int active = state.getActiveConnections();
		int idle = state.getIdleConnections();
		int waiting = state.getThreadsAwaitingConnection();
		int max = this.pool.getMaximumPoolSize();
		boolean exhausted = waiting > 0 || (active >= max && idle == 0);
		return Health.status(exhausted ? InstanceStatusAggregator.DEGRADED : Status.UP)
			.withDetail("pool", this.pool.getPoolName())
			.withDetail("active", active)
			.withDetail("idle", idle)
			.withDetail("waiting", waiting)
			.withDetail("total", state.getTotalConnections())
			.withDetail("max", max)
			.withDetail("exhausted", exhausted)
			.build();
	}

}
