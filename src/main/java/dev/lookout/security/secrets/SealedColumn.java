package dev.lookout.security.secrets;

import java.util.List;
import java.util.function.LongFunction;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A column of sealed values in a table whose rows have an {@code id} and a {@code name}, as
 * {@link SealedValues}: each module that seals a column names it and says how a row's context is
 * made, and the key rotation reads and re-seals it here. A re-seal changes how a value is stored,
 * not the value: it bumps no version and announces no change.
 */
public class SealedColumn implements SealedValues {

	private final JdbcClient jdbc;

	private final String table;

	private final String column;

	private final String description;

	private final LongFunction<String> context;

	/**
	 * @param table the table (a name from the code, never from input)
	 * @param column its column of sealed values, NULL for a row without a secret
	 * @param description what a value is, for people, with {@code %s} for the row's name
	 * ({@code data source '%s' password})
	 * @param context the context the value of row {@code id} is sealed with
	 */
	public SealedColumn(JdbcClient jdbc, String table, String column, String description,
			LongFunction<String> context) {
		this.jdbc = jdbc;
		this.table = table;
		this.column = column;
		this.description = description;
		this.context = context;
	}

	@Override
	public List<SealedValue> list() {
		return this.jdbc
			.sql("SELECT id, name, " + this.column + " FROM " + this.table + " WHERE " + this.column
					+ " IS NOT NULL ORDER BY id")
			.query((row, rowNumber) -> {
				long id = row.getLong(1);
				return new SealedValue(String.valueOf(id), this.description.formatted(row.getString(2)),
						this.context.apply(id), row.getString(3));
			})
			.list();
	}

	/** Compare and set on the stored text: an edit or another instance's re-seal in between wins. */
	@Override
	public boolean replace(SealedValue value, String resealed) {
		return this.jdbc
			.sql("UPDATE " + this.table + " SET " + this.column + " = ? WHERE id = ? AND " + this.column + " = ?")
			.params(resealed, Long.parseLong(value.id()), value.sealed())
			.update() == 1;
	}

}
