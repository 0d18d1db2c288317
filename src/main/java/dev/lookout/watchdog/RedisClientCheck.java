package dev.lookout.watchdog;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.lookout.redis.RedisProbe;
import dev.lookout.redis.SharedRedis;

/**
 * Watches the shared Redis client: disconnected while the server answers a probe of its own is
 * wedged (a half-open socket, a stuck event loop); reconnected, then reloaded. A Redis that does
 * not answer is an outage, not a wedge: the client retries by itself, and nothing is done.
 */
final class RedisClientCheck implements Check {

	private final SharedRedis redis;

	private final RedisProbe probe;

	private final WatchdogSettings settings;

	RedisClientCheck(SharedRedis redis, RedisProbe probe, WatchdogSettings settings) {
		this.redis = redis;
		this.probe = probe;
		this.settings = settings;
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public Optional<String> wedged(Instant now) {
		// The probe only when disconnected: it opens a connection of its own, bounded by one interval.
		if (this.redis.isConnected() || !this.probe.answers(this.settings.interval())) {
			return Optional.empty();
		}
		return Optional.of("client disconnected while " + this.redis.location() + " answers");
	}

	@Override
	public Escalation.Policy policy() {
		Duration patience = this.settings.redisBrokenAfter();
		return new Escalation.Policy(patience, 1, false, this.settings.reloadWindow());
	}

	@Override
	public String remedy() {
		return "reconnect";
	}

	@Override
	public void applyRemedy() {
		this.redis.reconnect();
	}

}
