package dev.lookout.realtime;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code realtimeSync} in {@code /health}: the open streams against their cap, whether the sync's
 * thread runs, and the streams dropped (too slow) and refused (over the cap) so far. Always UP:
 * a page without live updates still shows its results, and the watchdog restarts the thread.
 */
final class RealtimeHealthIndicator implements HealthIndicator {

	private final RealtimeSync sync;

	private final OpenStreams streams;

	private final int maxClients;

	RealtimeHealthIndicator(RealtimeSync sync, OpenStreams streams, int maxClients) {
		this.sync = sync;
		this.streams = streams;
		this.maxClients = maxClients;
	}

	@Override
	public Health health() {
		return Health.up()
			.withDetail("clients", this.streams.count())
			.withDetail("maxClients", this.maxClients)
			.withDetail("running", this.sync.running())
			.withDetail("dropped", this.streams.dropped())
			.withDetail("refused", this.streams.refused())
			.build();
	}

}
