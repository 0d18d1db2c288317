package dev.lookout.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rule as the API and the page show it, with where it stands.
 *
 * @param dashboardSlug its panel's dashboard; null when the panel was removed (the rule is then not evaluated)
 * @param state OK, PENDING, FIRING, NO_DATA or ERROR
 * @param since when it entered {@code state}
 * @param value what caused its last transition
 * @param silenced whether {@code silencedUntil} is in the future
 * @param transitions its last transitions, newest first (on {@code GET /api/alerts/{id}} only)
 */
record AlertRuleView(long id, String name, long panelId, String dashboardSlug, Map<String, List<String>> view,
		Condition condition, int forSeconds, int resolveAfterSeconds, AlertState onNoData, AlertState onError,
		List<Long> channelIds, Instant silencedUntil, boolean silenced, long version, Instant createdAt,
		String createdBy, Instant updatedAt, String updatedBy, AlertState state, Instant since, String value,
		List<AlertRules.Transition> transitions) {

}
