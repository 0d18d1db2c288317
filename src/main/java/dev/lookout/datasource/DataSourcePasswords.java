package dev.lookout.datasource;

import java.util.List;

import dev.lookout.security.secrets.SealedValues;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The data-source passwords as sealed values, so that the key rotation can seal them again with
 * the current key. A re-seal changes how a password is stored, not the password: it bumps no
 * version (an admin's open edit stays valid) and announces no change (open pools keep going).
 */
@Component
class DataSourcePasswords implements SealedValues {

	private final JdbcClient jdbc;

	DataSourcePasswords(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<SealedValue> list() {
		return this.jdbc.sql("SELECT id, name, password_sealed FROM data_source WHERE password_sealed IS NOT NULL"
				+ " ORDER BY id")
			.query((row, rowNumber) -> {
				long id = row.getLong(1);
				return new SealedValue(String.valueOf(id), "data source '" + row.getString(2) + "' password",
						context(id), row.getString(3));
			})
			.list();
	}

	/** Compare and set on the stored text: an edit or another instance's re-seal in between wins. */
	@Override
	public boolean replace(SealedValue value, String resealed) {
		return this.jdbc.sql("UPDATE data_source SET password_sealed = ? WHERE id = ? AND password_sealed = ?")
			.params(resealed, Long.parseLong(value.id()), value.sealed())
			.update() == 1;
	}

	/** The context a source's password is sealed with ({@link DataSourceStore} seals, this class re-seals). */
	static String context(long id) {
		return "datasource:" + id + ":password";
	}

}
