package dev.lookout.datasource;

import java.time.Duration;
import java.util.List;

/**
 * Rows a query returned, already converted to JSON-safe values: numbers (decimals exact as
 * {@link java.math.BigDecimal}), strings, booleans, ISO-8601 strings for dates and times, and
 * a short description for binary or unknown types. {@code truncated} says the row limit cut
 * the result: it is reported, never hidden.
 */
public record QueryResult(List<QueryColumn> columns, List<List<Object>> rows, boolean truncated, int rowLimit,
		Duration duration) {

	public QueryResult {
		columns = List.copyOf(columns);
		rows = List.copyOf(rows);
	}

}
