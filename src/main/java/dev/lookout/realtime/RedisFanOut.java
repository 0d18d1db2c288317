package dev.lookout.realtime;

import dev.lookout.redis.SharedRedis;
import dev.lookout.refresh.PanelRefreshed;

import org.springframework.context.event.EventListener;

/**
 * Carries new results between instances: each instance publishes a small notice of every result
 * its updater stores, and hands the notices of the others to its {@link RealtimeSync}, which
 * reads the result from the shared cache. Its own notices come back too and are ignored: the
 * local event already delivered them.
 */
final class RedisFanOut {

	static final String CHANNEL = "lookout:panel-refreshed";

	private final SharedRedis redis;

	private final RealtimeSync sync;

	RedisFanOut(SharedRedis redis, RealtimeSync sync) {
		this.redis = redis;
		this.sync = sync;
		redis.subscribe(CHANNEL, this::received);
	}

	@EventListener
	void on(PanelRefreshed refreshed) {
		this.redis.publish(CHANNEL, new PanelNotice(this.redis.instanceId(), refreshed.view(),
				refreshed.resultVersion(), refreshed.dashboardSlug())
			.encode());
	}

	private void received(byte[] message) {
		PanelNotice notice = PanelNotice.decode(message);
		if (notice != null && !notice.instanceId().equals(this.redis.instanceId())) {
			this.sync.deliver(notice);
		}
	}

}
