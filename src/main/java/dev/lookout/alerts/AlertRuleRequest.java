package dev.lookout.alerts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A rule to create ({@code POST /api/alerts}) or the new values of one ({@code PUT}, with the
 * {@code version} it read).
 *
 * @param name 1 to 100 characters
 * @param panelId the panel whose results it checks
 * @param view values of the dashboard's variables choosing the view, as in a result read's query;
 * absent or empty: the panel's default view
 * @param condition what it checks
 * @param forSeconds 0..86400 (default 0): how long the condition holds before PENDING turns FIRING
 * @param resolveAfterSeconds 0..86400 (default 0): how long it must not hold before FIRING turns OK
 * @param onNoData NO_DATA (default), ERROR or OK: what a result without data means
 * @param onError ERROR (default) or NO_DATA: what a failing query means, unless the condition is QUERY_FAILING
 * @param channelIds notification channels to tell
 * @param version the version read, for a change
 */
record AlertRuleRequest(String name, Long panelId, Map<String, List<String>> view, ConditionRequest condition,
		Integer forSeconds, Integer resolveAfterSeconds, String onNoData, String onError, List<Long> channelIds,
		Long version) {

	/**
	 * @param type VALUE, ROW_COUNT, ANY_ROW, STALE_FOR or QUERY_FAILING
	 * @param column the value column (VALUE)
	 * @param op one of {@code > >= < <= = !=} (VALUE, ROW_COUNT)
	 * @param threshold the number compared with (VALUE, ROW_COUNT)
	 * @param match ANY (default) or ALL rows (VALUE)
	 * @param staleForSeconds 1..604800 (STALE_FOR)
	 */
	record ConditionRequest(String type, String column, String op, BigDecimal threshold, String match,
			Long staleForSeconds) {

	}

}
