package dev.lookout.datasource;

import dev.lookout.security.secrets.SealedColumn;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The data-source passwords as sealed values, so that the key rotation can seal them again with
 * the current key; a re-seal announces no change, so open pools keep going.
 */
@Component
class DataSourcePasswords extends SealedColumn {

	DataSourcePasswords(JdbcClient jdbc) {
		super(jdbc, "data_source", "password_sealed", "data source '%s' password", DataSourcePasswords::context);
	}

	/** The context a source's password is sealed with ({@link DataSourceStore} seals, the key rotation re-seals). */
	static String context(long id) {
		return "datasource:" + id + ":password";
	}

}
