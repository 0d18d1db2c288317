package dev.lookout.realtime;

import dev.lookout.alerts.AlertTransitioned;
import dev.lookout.redis.SharedRedis;
import dev.lookout.refresh.PanelRefreshed;

import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Carries new results between instances: each instance publishes a small notice of every result
 * its updater stores, and hands the notices of the others to its {@link RealtimeSync}, which
 * reads the result from the shared cache. Its own notices come back too and are ignored: the
 * local event already delivered them. Alert rules' new states travel the same way, on
 * {@link #ALERT_CHANNEL}, to its {@link AlertPush}, whole: an {@link AlertNotice} is small and
 * there is nothing to read back.
 */
final class RedisFanOut {

	static final String CHANNEL = "lookout:panel-refreshed";

	/** Alert rules' new states, stored by whichever instance refreshed their panel. */
	static final String ALERT_CHANNEL = "lookout:alert-changed";

	private final SharedRedis redis;

	private final RealtimeSync sync;

	private final AlertPush alerts;

	RedisFanOut(SharedRedis redis, RealtimeSync sync, AlertPush alerts) {
		this.redis = redis;
		this.sync = sync;
		this.alerts = alerts;
		redis.subscribe(CHANNEL, this::received);
		redis.subscribe(ALERT_CHANNEL, this::receivedAlert);
	}

	@EventListener
	void on(PanelRefreshed refreshed) {
		this.redis.publish(CHANNEL, new PanelNotice(this.redis.instanceId(), refreshed.view(),
				refreshed.resultVersion(), refreshed.dashboardSlug())
			.encode());
	}

	/** A transition this instance stored, once committed: the viewers on the other instances see it too. */
	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(AlertTransitioned transitioned) {
		if (!transitioned.dashboardSlug().isEmpty()) {
			this.redis.publish(ALERT_CHANNEL, AlertNotice.of(this.redis.instanceId(), transitioned).encode());
		}
	}

	private void receivedAlert(byte[] message) {
		AlertNotice notice = AlertNotice.decode(message);
		if (notice != null && !notice.instanceId().equals(this.redis.instanceId())) {
			this.alerts.deliver(notice);
		}
	}

	private void received(byte[] message) {
		PanelNotice notice = PanelNotice.decode(message);
		if (notice != null && !notice.instanceId().equals(this.redis.instanceId())) {
			this.sync.deliver(notice);
		}
	}

}
