package dev.lookout.health;

import java.util.Optional;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.lookout.database.RequestPool;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The request pool's state from Hikari's own counters: no connection is borrowed to report it, so
 * it answers while the pool is exhausted. Exhausted (every connection busy, or requests waiting
 * for one) is {@code DEGRADED}: requests that need the database wait or fail fast, the rest serve.
 */
final class RequestPoolHealthIndicator implements HealthIndicator {

	private final RequestPool pool;

	RequestPoolHealthIndicator(RequestPool pool) {
		this.pool = pool;
	}

	@Override
	public Health health() {
		Optional<HikariPoolMXBean> open = this.pool.state();
		if (open.isEmpty()) {
			return Health.down().withDetail("pool", RequestPool.NAME).withDetail("error", "closed").build();
		}
		HikariPoolMXBean state = open.get();
		int active = state.getActiveConnections();
		int idle = state.getIdleConnections();
		int waiting = state.getThreadsAwaitingConnection();
		int max = this.pool.maximumSize();
		boolean exhausted = waiting > 0 || (active >= max && idle == 0);
		return Health.status(exhausted ? InstanceStatusAggregator.DEGRADED : Status.UP)
			.withDetail("pool", RequestPool.NAME)
			.withDetail("active", active)
			.withDetail("idle", idle)
			.withDetail("waiting", waiting)
			.withDetail("total", state.getTotalConnections())
			.withDetail("max", max)
			.withDetail("exhausted", exhausted)
			.build();
	}

}
