package dev.lookout.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.lookout.redis.SharedRedis;

import org.springframework.boot.health.contributor.Health;

/** A {@code PING} on the shared Redis connection; no thread waits on it, and the client's command timeout ends it. */
final class RedisCheck {

	private RedisCheck() {
	}

	static CompletableFuture<Health> ping(SharedRedis redis) {
		long started = System.nanoTime();
		return redis.commands()
			.map((commands) -> commands.ping()
				.toCompletableFuture()
				.thenApply((pong) -> Health.up()
					.withDetail("connected", true)
					.withDetail("latencyMs", Duration.ofNanos(System.nanoTime() - started).toMillis())
					.build()))
			// Disconnected: the client reconnects in the background and rejects commands meanwhile.
			.orElseGet(() -> CompletableFuture.completedFuture(
					Health.down().withDetail("connected", false).withDetail("error", "not connected").build()));
	}

}
