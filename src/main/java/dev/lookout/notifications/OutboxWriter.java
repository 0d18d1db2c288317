package dev.lookout.notifications;

import dev.lookout.alerts.AlertTransitioned;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes a transition's notifications to the outbox in the transaction that stores the transition,
 * just before it commits: both are kept, or neither. A transaction that rolls back leaves no row.
 * After the commit the delivery worker is woken, so the first attempt does not wait for its poll.
 */
class OutboxWriter {

	private static final Log logger = LogFactory.getLog(OutboxWriter.class);

	private final Outbox outbox;

	private final Runnable wake;

	OutboxWriter(Outbox outbox, Runnable wake) {
		this.outbox = outbox;
		this.wake = wake;
	}

	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
	void transitioned(AlertTransitioned transition) {
		if (transition.channelIds().isEmpty()) {
			return;
		}
		String payload = NotificationPayload.of(transition);
		int added = 0;
		for (long channelId : transition.channelIds()) {
			if (this.outbox.add(channelId, transition.idempotencyKey(), payload)) {
				added++;
			}
			else {
				logger.debug("No notification of " + transition.idempotencyKey() + " for channel " + channelId
						+ ": no such channel, or queued already");
			}
		}
		if (added > 0) {
			this.outbox.bound();
			wakeAfterCommit();
		}
	}

	void wakeAfterCommit() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					OutboxWriter.this.wake.run();
				}
			});
		}
		else {
			this.wake.run();
		}
	}

}
