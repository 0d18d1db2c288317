package dev.lookout.realtime;

import dev.lookout.alerts.AlertTransitioned;

import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Pushes alert rules' new states to the streams: a transition this instance stored (once it is
 * committed, so one rolled back is never shown) or another instance announced ({@link AlertNotice},
 * through {@link RedisFanOut}) goes, as an {@code alert} event without an id, to every stream open
 * on its dashboard by a signed-in client. Written on the sync's thread, the only one that writes
 * to streams, never on the caller's.
 */
final class AlertPush {

	private final RealtimeSync sync;

	private final OpenStreams streams;

	AlertPush(RealtimeSync sync, OpenStreams streams) {
		this.sync = sync;
		this.streams = streams;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(AlertTransitioned transitioned) {
		if (!transitioned.dashboardSlug().isEmpty()) {
			deliver(AlertNotice.of("", transitioned));
		}
	}

	/**
	 * Sends {@code notice} to the signed-in streams of its dashboard. While the sync is stopped it
	 * is dropped: the streams are closed, and their clients read the states again when they reconnect.
	 */
	void deliver(AlertNotice notice) {
		byte[] event = SseFormat.event("alert", notice.data());
		this.sync.onThread(() -> {
			for (EventStream stream : this.streams.watching(notice.dashboardSlug())) {
				// Anonymous viewers of public dashboards may not read alert rules.
				if (stream.signedIn()) {
					this.streams.send(stream, event);
				}
			}
		});
	}

}
