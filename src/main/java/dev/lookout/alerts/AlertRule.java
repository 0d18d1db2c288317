package dev.lookout.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rule as stored.
 *
 * @param view the values of the view it watches; empty: the panel's default view
 * @param forSeconds how long the condition must hold before PENDING turns FIRING
 * @param resolveAfterSeconds how long the condition must not hold before FIRING turns OK (anti-flap)
 * @param onNoData the state a result without data (never refreshed yet, no rows for a value) means:
 * NO_DATA, ERROR or OK
 * @param onError the state a failing refresh means when the condition is not about failures:
 * ERROR or NO_DATA
 * @param silencedUntil while in the future, transitions are stored and announced without channels
 */
record AlertRule(long id, String name, long panelId, Map<String, List<String>> view, Condition condition,
		int forSeconds, int resolveAfterSeconds, AlertState onNoData, AlertState onError, List<Long> channelIds,
		Instant silencedUntil, long version, Instant createdAt, String createdBy, Instant updatedAt,
		String updatedBy) {

	AlertRule {
		view = Map.copyOf(view);
		channelIds = List.copyOf(channelIds);
	}

	boolean silencedAt(Instant now) {
		return this.silencedUntil != null && this.silencedUntil.isAfter(now);
	}

}
