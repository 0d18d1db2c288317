package dev.lookout.alerts;

import java.time.Instant;

/**
 * Where a rule's state machine stands (a row of {@code alert_state}).
 *
 * @param since when {@code state} was entered
 * @param clearSince while FIRING, since when the condition has not held; null while it holds
 * @param value what caused the last transition
 */
record Standing(AlertState state, Instant since, Instant clearSince, String value) {

	/** A rule never evaluated: OK since it was made. */
	static Standing initial(Instant since) {
		return new Standing(AlertState.OK, since, null, "");
	}

}
