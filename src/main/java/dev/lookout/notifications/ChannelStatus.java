package dev.lookout.notifications;

import java.time.Instant;

/** The latest delivery outcome of one channel on this instance, for health and the runtime page. */
final class ChannelStatus {

	volatile String name;

	volatile Instant lastDeliveredAt;

	volatile Instant lastFailedAt;

	volatile String lastError;

	synchronized void delivered(Instant at) {
		this.lastDeliveredAt = at;
	}

	synchronized void failed(Instant at, String error) {
		this.lastFailedAt = at;
		this.lastError = error;
	}

	/** Failing: the latest outcome was a failure. */
	boolean failing() {
		return this.lastFailedAt != null && (this.lastDeliveredAt == null || this.lastFailedAt.isAfter(this.lastDeliveredAt));
	}

}
