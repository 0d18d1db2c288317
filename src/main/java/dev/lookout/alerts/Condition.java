package dev.lookout.alerts;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a rule checks on a view's result.
 *
 * @param type what is compared
 * @param column the value column ({@link Type#VALUE} only)
 * @param op the comparison ({@link Type#VALUE} and {@link Type#ROW_COUNT})
 * @param threshold what the value or the row count is compared with
 * @param match whether any row or all rows must satisfy it ({@link Type#VALUE}; default ANY)
 * @param staleForSeconds how long the result must have been stale ({@link Type#STALE_FOR})
 */
record Condition(Type type, String column, String op, BigDecimal threshold, Match match, Long staleForSeconds) {

	/** The comparisons {@code op} may name, as a form offers them. */
	static final List<String> OPERATORS = List.of(">", ">=", "<", "<=", "=", "!=");

	enum Type {

		/** A value column compared with a threshold, in any or all rows. */
		VALUE,
		/** The row count compared with a threshold. */
		ROW_COUNT,
		/** The result has a row. */
		ANY_ROW,
		/** The result has been stale (its refreshes failing) for at least {@code staleForSeconds}. */
		STALE_FOR,
		/** The last refresh failed. */
		QUERY_FAILING

	}

	enum Match {

		ANY, ALL

	}

	Condition {
		if (match == null) {
			match = Match.ANY;
		}
	}

	/** Whether {@code left op right} holds; {@code op} is one of {@code > >= < <= = !=}. */
	static boolean compare(BigDecimal left, String op, BigDecimal right) {
		int order = left.compareTo(right);
		return switch (op) {
			case ">" -> order > 0;
			case ">=" -> order >= 0;
			case "<" -> order < 0;
			case "<=" -> order <= 0;
			case "=" -> order == 0;
			case "!=" -> order != 0;
			default -> throw new IllegalArgumentException("No comparison " + op);
		};
	}

	static boolean isOperator(String op) {
		return op != null && OPERATORS.contains(op);
	}

}
