package dev.lookout.refresh;

import java.time.Instant;
import java.util.Optional;

/** One view's place in the {@link RefreshSchedule}; read and changed only under the schedule's lock. */
final class ScheduledView {

	PanelView view;

	/** {@link Instant#MIN} means at once. */
	Instant dueAt;

	boolean running;

	/** When the query of the good result being served ran, for the age gauge and the health probe. */
	Instant asOf;

	/** The error code of the last refresh if it failed; {@code null} after a success. */
	String staleReason;

	/** When a viewer last asked for a view with chosen values; {@code null} for a default view, kept always. */
	Instant lastWatched;

	ScheduledView(PanelView view, Optional<StoredResult> stored, Instant lastWatched) {
		this.view = view;
		this.dueAt = Instant.MIN;
		this.lastWatched = lastWatched;
		stored.ifPresent(this::sawResult);
		if (this.asOf != null) {
			this.dueAt = this.asOf.plus(view.spec().refreshInterval());
		}
	}

	/** A pending result keeps the last good one's time; a good one after a failure clears the reason. */
	void sawResult(StoredResult result) {
		if (!result.pending()) {
			this.asOf = result.asOf();
		}
		this.staleReason = result.stale() ? result.staleReason() : null;
	}

}
