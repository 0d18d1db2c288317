package dev.lookout.datasource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/**
 * Binds the values of variables that SQL names ({@code :region}) as JDBC parameters, so that a
 * value is always data and never becomes part of the SQL text.
 * <p>
 * A parameter is {@code :name} in code, with a name of {@code [A-Za-z_][A-Za-z0-9_]*}, found by
 * {@link QueryText}'s scan: never inside quotes, quoted identifiers, comments or dollar quotes;
 * never a cast ({@code ::type}); never a colon right after a word character, {@code ]} or
 * {@code )}, which separates two operands there ({@code arr[1:2]}, {@code x:y}). Names are
 * case-sensitive as written.
 * <p>
 * Each {@code :name} becomes one {@code ?} per value of that name, comma-separated, so that
 * {@code IN (:region)} with three values reads {@code IN (?, ?, ?)}. A bare {@code ?} would take
 * one of the values: PostgreSQL's driver reads {@code ??} as its JSON operator {@code ?}, so
 * there it is escaped; other databases have no such operator, so there it is refused.
 */
public final class SqlParameters {

	/**
	 * Values bound in all, counting each use of a name once per value: enough for any filter
	 * list, and far below what drivers accept (PostgreSQL takes 65535).
	 */
	static final int MAX_VALUES = 1000;

	private SqlParameters() {
	}

	/**
	 * The distinct parameter names of the SQL, in order of first use.
	 * @throws ApiException with {@code VALIDATION_FAILED} when the SQL could not run (see
	 * {@link QueryText})
	 */
	public static List<String> namesIn(String sql) {
		return QueryText.parse(sql).parameters().stream().map(QueryText.Parameter::name).distinct().toList();
	}

	/**
	 * The text to run and the values to bind, in order. SQL that names no parameter is left as it
	 * is, whatever values are given; values of names the SQL does not use are ignored, since a
	 * dashboard passes all its variables to every panel.
	 * @throws ApiException with {@code VALIDATION_FAILED} when a name has no value or an empty
	 * list, a value is null or of another type than String, Long, Integer, BigDecimal or Instant,
	 * more than {@link #MAX_VALUES} values would be bound, or a bare {@code ?} may not stay
	 */
	static Bound rewrite(QueryText.Parsed statement, Map<String, List<Object>> values, DataSourceKind kind) {
		Objects.requireNonNull(values, "values");
		if (statement.parameters().isEmpty()) {
			return new Bound(statement.text(), List.of());
		}
		checkQuestionMarks(statement, kind);
		int count = 0;
		for (QueryText.Parameter parameter : statement.parameters()) {
			count += valuesOf(parameter.name(), values).size();
		}
		if (count > MAX_VALUES) {
			throw invalid("At most " + MAX_VALUES + " values can be bound in all, each use of a name counting all its"
					+ " values, but the SQL would bind " + count);
		}
		List<Edit> edits = new ArrayList<>();
		for (QueryText.Parameter parameter : statement.parameters()) {
			List<Object> given = valuesOf(parameter.name(), values);
			edits.add(new Edit(parameter.start(), parameter.end(), String.join(", ", Collections.nCopies(given.size(), "?")),
					bindable(parameter.name(), given, kind)));
		}
		// Only PostgreSQL gets here with a bare '?' in code.
		for (int position : statement.questionMarks()) {
			edits.add(new Edit(position, position + 1, "??", List.of()));
		}
		edits.sort(Comparator.comparingInt(Edit::start));
		StringBuilder text = new StringBuilder(statement.text().length() + 2 * count);
		List<Object> bound = new ArrayList<>(count);
		int copied = 0;
		for (Edit edit : edits) {
			text.append(statement.text(), copied, edit.start()).append(edit.replacement());
			bound.addAll(edit.values());
			copied = edit.end();
		}
		text.append(statement.text(), copied, statement.text().length());
		return new Bound(text.toString(), List.copyOf(bound));
	}

	private static void checkQuestionMarks(QueryText.Parsed statement, DataSourceKind kind) {
		int anywhere = statement.text().indexOf('?');
		if (statement.ambiguous() && anywhere >= 0) {
			// Where a string ends is read differently there, so a '?' the scan took for text may be code.
			throw invalid("The SQL has a '?' at position " + (anywhere + 1) + ": with a backslash inside quotes or a"
					+ " tagged dollar quote, databases read the SQL differently, so no '?' may appear in SQL that"
					+ " names parameters; write :name for values");
		}
		if (kind != DataSourceKind.POSTGRESQL && !statement.questionMarks().isEmpty()) {
			throw invalid("The SQL has a '?' at position " + (statement.questionMarks().get(0) + 1)
					+ ", which would take one of the values bound: write :name for values");
		}
	}

	private static List<Object> valuesOf(String name, Map<String, List<Object>> values) {
		List<Object> given = values.get(name);
		if (given == null) {
			throw invalid("The SQL names :" + name + ", but no value is given for it (is it a variable of this"
					+ " dashboard?)");
		}
		if (given.isEmpty()) {
			throw invalid(":" + name + " has no value, but the SQL that names it needs at least one");
		}
		return given;
	}

	/** What each driver binds as the column type the value compares with. */
	private static List<Object> bindable(String name, List<Object> given, DataSourceKind kind) {
		List<Object> bindable = new ArrayList<>(given.size());
		for (int i = 0; i < given.size(); i++) {
			Object value = given.get(i);
			if (value instanceof String || value instanceof Long || value instanceof BigDecimal) {
				bindable.add(value);
			}
			else if (value instanceof Integer number) {
				bindable.add(number.longValue());
			}
			else if (value instanceof Instant instant) {
				bindable.add(moment(instant, kind));
			}
			else {
				throw invalid(":" + name + "'s value " + (i + 1) + " is "
						+ ((value == null) ? "null" : "a " + value.getClass().getSimpleName())
						+ ", but values can only be strings, whole numbers, decimals or instants");
			}
		}
		return bindable;
	}

	/**
	 * PostgreSQL and H2 compare an offset date-time with {@code timestamptz} / {@code TIMESTAMP
	 * WITH TIME ZONE} as the same instant. MariaDB/MySQL's {@code DATETIME} has no zone at all, so
	 * the instant goes as its wall-clock time in UTC: dashboards on those databases keep times in UTC.
	 */
	private static Object moment(Instant instant, DataSourceKind kind) {
		return switch (kind) {
			case POSTGRESQL, H2 -> instant.atOffset(ZoneOffset.UTC);
			case MARIADB, MYSQL -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
		};
	}

	private static ApiException invalid(String detail) {
		return new ApiException(ErrorCode.VALIDATION_FAILED, detail);
	}

	/** One stretch of the statement replaced, with the values its marks take. */
	private record Edit(int start, int end, String replacement, List<Object> values) {
	}

	/**
	 * The SQL to run and its values in order.
	 * @param values strings, longs, decimals and date-times; none when the SQL names no parameter
	 */
	record Bound(String sql, List<Object> values) {

		/**
		 * A plain statement when nothing is bound, so that PostgreSQL's {@code ?} operators need no
		 * escape there, as before parameters existed; otherwise the prepared statement, values set.
		 */
		Statement statementOn(Connection connection) throws SQLException {
			if (this.values.isEmpty()) {
				return connection.createStatement();
			}
			PreparedStatement statement = connection.prepareStatement(this.sql);
			try {
				for (int i = 0; i < this.values.size(); i++) {
					set(statement, i + 1, this.values.get(i));
				}
			}
			catch (SQLException | RuntimeException ex) {
				statement.close();
				throw ex;
			}
			return statement;
		}

		/** Runs the statement {@link #statementOn(Connection)} made; true when it returned rows. */
		boolean execute(Statement statement) throws SQLException {
			return this.values.isEmpty() ? statement.execute(this.sql) : ((PreparedStatement) statement).execute();
		}

		private static void set(PreparedStatement statement, int index, Object value) throws SQLException {
			if (value instanceof String text) {
				statement.setString(index, text);
			}
			else if (value instanceof Long number) {
				statement.setLong(index, number);
			}
			else if (value instanceof BigDecimal number) {
				statement.setBigDecimal(index, number);
			}
			else {
				// An OffsetDateTime or LocalDateTime: JDBC 4.2 drivers bind these by setObject.
				statement.setObject(index, value);
			}
		}

	}

}
