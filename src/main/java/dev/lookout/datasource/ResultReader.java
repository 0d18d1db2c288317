package dev.lookout.datasource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a result set into JSON-safe values: integers as {@code Long}, decimals exact as
 * {@link BigDecimal}, floats as they are (but NaN and infinities, which JSON lacks, as
 * strings), booleans, strings, dates and times as ISO-8601 strings (with the offset when the
 * type has one), UUIDs, JSON, XML and arrays as text, binary as its size, and anything else
 * as its type's name. Each column's reader is chosen once, from the metadata.
 */
final class ResultReader {

	private static final Set<String> TEXT_TYPE_NAMES = Set.of("uuid", "json", "jsonb", "xml");

	private ResultReader() {
	}

	/** At most {@code rowLimit} rows; the driver must have been allowed one more, to tell truncation. */
	static Rows read(ResultSet result, int rowLimit, DataSourceKind kind) throws SQLException {
		ResultSetMetaData metadata = result.getMetaData();
		int count = metadata.getColumnCount();
		List<QueryColumn> columns = new ArrayList<>(count);
		List<Column> readers = new ArrayList<>(count);
		for (int index = 1; index <= count; index++) {
			Column column = column(metadata.getColumnType(index), metadata.getColumnTypeName(index),
					metadata.getPrecision(index), kind);
			readers.add(column);
			columns.add(new QueryColumn(metadata.getColumnLabel(index), column.kind(),
					metadata.getColumnTypeName(index)));
		}
		List<List<Object>> rows = new ArrayList<>();
		while (result.next()) {
			if (rows.size() == rowLimit) {
				return new Rows(columns, rows, true);
			}
			Object[] values = new Object[count];
			for (int index = 1; index <= count; index++) {
				values[index - 1] = readers.get(index - 1).value().read(result, index);
			}
			// Values may be null, which List.of refuses.
			rows.add(Collections.unmodifiableList(Arrays.asList(values)));
		}
		return new Rows(columns, rows, false);
	}

	private static Column column(int type, String typeName, int precision, DataSourceKind kind) {
		String name = (typeName != null) ? typeName.toLowerCase(Locale.ROOT) : "";
		if (TEXT_TYPE_NAMES.contains(name)) {
			// H2 reports UUID as binary and JSON as other; their text is what a reader wants.
			return new Column("string", ResultSet::getString);
		}
		return switch (type) {
			case Types.BOOLEAN -> new Column("boolean", ResultReader::bool);
			// bit(n) on PostgreSQL and MySQL: a string of bits, unless it is a single one.
			case Types.BIT -> (precision > 1) ? new Column("string", ResultSet::getString)
					: new Column("boolean", ResultReader::bool);
			case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> new Column("number", ResultReader::integer);
			case Types.REAL, Types.FLOAT, Types.DOUBLE -> new Column("number", ResultReader::floating);
			case Types.NUMERIC, Types.DECIMAL -> new Column("number", ResultReader::decimal);
			case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
					Types.CLOB, Types.NCLOB, Types.SQLXML, Types.ARRAY ->
				new Column("string", ResultSet::getString);
			case Types.DATE -> new Column("date", (result, index) -> temporal(result, index, LocalDate.class,
					DateTimeFormatter.ISO_LOCAL_DATE));
			case Types.TIME -> name.equals("timetz") ? offsetTime()
					: new Column("time", (result, index) -> temporal(result, index, LocalTime.class,
							DateTimeFormatter.ISO_LOCAL_TIME));
			case Types.TIME_WITH_TIMEZONE -> offsetTime();
			// PostgreSQL reports timestamptz as a plain timestamp; its name tells.
			case Types.TIMESTAMP -> name.equals("timestamptz") ? offsetTimestamp()
					: new Column("timestamp", (result, index) -> temporal(result, index, LocalDateTime.class,
							DateTimeFormatter.ISO_LOCAL_DATE_TIME));
			case Types.TIMESTAMP_WITH_TIMEZONE -> offsetTimestamp();
			case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> new Column("binary", ResultReader::bytes);
			case Types.BLOB -> new Column("binary", ResultReader::blob);
			// PostgreSQL writes every type as text (inet, interval, ranges, ...); other drivers hand out objects.
			case Types.OTHER -> (kind == DataSourceKind.POSTGRESQL) ? new Column("string", ResultSet::getString)
					: described(typeName);
			default -> described(typeName);
		};
	}

	private static Column offsetTime() {
		return new Column("time",
				(result, index) -> temporal(result, index, OffsetTime.class, DateTimeFormatter.ISO_OFFSET_TIME));
	}

	private static Column offsetTimestamp() {
		return new Column("timestamp", (result, index) -> temporal(result, index, OffsetDateTime.class,
				DateTimeFormatter.ISO_OFFSET_DATE_TIME));
	}

	private static Column described(String typeName) {
		String description = "<" + typeName + ">";
		return new Column("unknown", (result, index) -> (result.getObject(index) != null) ? description : null);
	}

	private static Boolean bool(ResultSet result, int index) throws SQLException {
		boolean value = result.getBoolean(index);
		return result.wasNull() ? null : value;
	}

	/** Long, except for values beyond it (MySQL's unsigned BIGINT), which stay exact. */
	private static Object integer(ResultSet result, int index) throws SQLException {
		Object value = result.getObject(index);
		if (value == null || value instanceof BigInteger) {
			return value;
		}
		return ((Number) value).longValue();
	}

	private static Object floating(ResultSet result, int index) throws SQLException {
		return finite(result.getObject(index));
	}

	/** PostgreSQL hands out NaN and infinite numerics as doubles. */
	private static Object decimal(ResultSet result, int index) throws SQLException {
		Object value = result.getObject(index);
		return (value instanceof BigDecimal) ? value : finite(value);
	}

	private static Object finite(Object value) {
		if (value instanceof Double number && !Double.isFinite(number)) {
			return number.toString();
		}
		if (value instanceof Float number && !Float.isFinite(number)) {
			return number.toString();
		}
		return value;
	}

	private static String temporal(ResultSet result, int index, Class<? extends TemporalAccessor> type,
			DateTimeFormatter format) throws SQLException {
		TemporalAccessor value = result.getObject(index, type);
		return (value != null) ? format.format(value) : null;
	}

	private static String bytes(ResultSet result, int index) throws SQLException {
		byte[] value = result.getBytes(index);
		return (value != null) ? "<" + value.length + " bytes>" : null;
	}

	private static String blob(ResultSet result, int index) throws SQLException {
		Blob value = result.getBlob(index);
		if (value == null) {
			return null;
		}
		try {
			return "<" + value.length() + " bytes>";
		}
		finally {
			value.free();
		}
	}

	/** The rows read, and whether there were more than the limit. */
	record Rows(List<QueryColumn> columns, List<List<Object>> values, boolean truncated) {
	}

	@FunctionalInterface
	private interface ValueReader {

		Object read(ResultSet result, int index) throws SQLException;

	}

	private record Column(String kind, ValueReader value) {
	}

}
