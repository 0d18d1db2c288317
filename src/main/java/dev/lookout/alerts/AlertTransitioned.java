package dev.lookout.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert rule changed state, published inside the transaction that stored the transition, so a
 * listener that must not lose it (the notifications' outbox) writes in that same transaction
 * ({@code @TransactionalEventListener(phase = BEFORE_COMMIT)}); nothing is published for a
 * transition that was not stored. Published once per transition across instances: only the
 * instance that ran the panel's refresh evaluates its rules.
 *
 * @param ruleId the rule
 * @param transitionId the stored transition: with {@code ruleId} the notification's idempotency key
 * @param ruleName the rule's name, for people
 * @param panelId the panel the rule watches
 * @param dashboardSlug that panel's dashboard
 * @param view the values of the view the rule watches (empty: the panel's default view)
 * @param from the state before: OK, PENDING, FIRING, NO_DATA or ERROR
 * @param to the state now
 * @param value what caused it, as shown to people (a value, a row count, a reason); may be empty
 * @param at when the refresh that caused it ran
 * @param channelIds the notification channels the rule names
 */
public record AlertTransitioned(long ruleId, long transitionId, String ruleName, long panelId, String dashboardSlug,
		Map<String, List<String>> view, String from, String to, String value, Instant at, List<Long> channelIds) {

	public AlertTransitioned {
		view = Map.copyOf(view);
		channelIds = List.copyOf(channelIds);
	}

	/** The key a channel receives with each delivery, the same however often it is retried or redelivered. */
	public String idempotencyKey() {
		return "alert-" + this.ruleId + "-transition-" + this.transitionId;
	}

}
