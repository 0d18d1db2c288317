package dev.lookout.alerts;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * Reads a rule's condition on a view's stored result document (the JSON of
 * {@code GET /api/panels/{id}/result}: status ok|pending, columns, rows, stale, staleReason,
 * lastError, asOf). Pure: no I/O, no clock of its own.
 * <ul>
 * <li>A pending result without an error (never refreshed yet) is no data: the rule's onNoData.</li>
 * <li>A failing refresh (a stale result, or pending with an error) holds for QUERY_FAILING, counts
 * towards STALE_FOR, and is the rule's onError for the other types.</li>
 * <li>VALUE: a missing column or a cell that is not a number is ERROR with the reason; no rows is
 * no data.</li>
 * </ul>
 */
final class Conditions {

	private Conditions() {
	}

	static Outcome evaluate(AlertRule rule, JsonNode document, Instant now) {
		Condition condition = rule.condition();
		boolean pending = !"ok".equals(document.path("status").asString(""));
		boolean failing = document.path("stale").asBoolean(false)
				|| (pending && document.path("lastError").isObject());
		String reason = failureReason(document);
		switch (condition.type()) {
			case QUERY_FAILING:
				if (failing) {
					return Outcome.holds(reason);
				}
				return pending ? Outcome.as(rule.onNoData(), "no result yet") : Outcome.clear("query succeeded");
			case STALE_FOR:
				if (pending) {
					return Outcome.as(rule.onNoData(), failing ? "no result yet: " + reason : "no result yet");
				}
				if (!failing) {
					return Outcome.clear("fresh");
				}
				Instant asOf = Instant.parse(document.path("asOf").asString());
				long staleSeconds = Math.max(0, Duration.between(asOf, now).toSeconds());
				String value = "stale for " + staleSeconds + " s (" + reason + ")";
				return (staleSeconds >= condition.staleForSeconds()) ? Outcome.holds(value) : Outcome.clear(value);
			default:
				break;
		}
		if (failing) {
			return Outcome.as(rule.onError(), reason);
		}
		if (pending) {
			return Outcome.as(rule.onNoData(), "no result yet");
		}
		JsonNode rows = document.path("rows");
		int rowCount = rows.size();
		return switch (condition.type()) {
			case ANY_ROW -> (rowCount > 0) ? Outcome.holds(rowCount + " rows") : Outcome.clear("0 rows");
			case ROW_COUNT -> Condition.compare(BigDecimal.valueOf(rowCount), condition.op(), condition.threshold())
					? Outcome.holds(rowCount + " rows") : Outcome.clear(rowCount + " rows");
			default -> value(rule, document, rows);
		};
	}

	private static Outcome value(AlertRule rule, JsonNode document, JsonNode rows) {
		Condition condition = rule.condition();
		int index = -1;
		JsonNode columns = document.path("columns");
		for (int i = 0; i < columns.size(); i++) {
			if (columns.get(i).path("name").asString("").equals(condition.column())) {
				index = i;
				break;
			}
		}
		if (index < 0) {
			return new Outcome(Outcome.Kind.ERROR, "column '" + condition.column() + "' is not in the result");
		}
		if (rows.isEmpty()) {
			return Outcome.as(rule.onNoData(), "no rows");
		}
		String firstHolding = null;
		String firstClear = null;
		for (JsonNode row : rows) {
			JsonNode cell = row.path(index);
			BigDecimal number = number(cell);
			if (number == null) {
				return new Outcome(Outcome.Kind.ERROR,
						"column '" + condition.column() + "' has a value that is not a number: " + shown(cell));
			}
			String value = number.stripTrailingZeros().toPlainString();
			if (Condition.compare(number, condition.op(), condition.threshold())) {
				firstHolding = (firstHolding != null) ? firstHolding : value;
			}
			else {
				firstClear = (firstClear != null) ? firstClear : value;
			}
		}
		boolean holds = (condition.match() == Condition.Match.ALL) ? firstClear == null : firstHolding != null;
		return holds ? Outcome.holds(firstHolding) : Outcome.clear(firstClear);
	}

	/** A JSON number, or text that is one (large numbers may be written as text); else null. */
	static BigDecimal number(JsonNode cell) {
		if (cell.isNumber()) {
			return cell.decimalValue();
		}
		if (cell.isString()) {
			try {
				return new BigDecimal(cell.asString().strip());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	private static String failureReason(JsonNode document) {
		String code = document.path("staleReason").asString("");
		if (code.isEmpty()) {
			code = document.path("lastError").path("code").asString("QUERY_FAILED");
		}
		return code.isEmpty() ? "QUERY_FAILED" : code;
	}

	private static String shown(JsonNode cell) {
		String text = cell.isMissingNode() ? "missing" : cell.toString();
		return (text.length() > 40) ? text.substring(0, 40) + "…" : text;
	}

}
