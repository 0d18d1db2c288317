package dev.lookout.testsupport;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * A data source row for tests of other modules, which cannot reach the datasource module's
 * package-private repository: the same row the admin page would store, without a password.
 */
public final class DataSourceRows {

	private DataSourceRows() {
	}

	/** Inserts a source named {@code name} pointing at {@code jdbcUrl}; returns its id. */
	public static long insert(JdbcClient jdbc, String name, String jdbcUrl, String username) {
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		Timestamp now = Timestamp.from(Instant.now());
		String kind = jdbcUrl.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
		jdbc.sql("INSERT INTO data_source (name, kind, jdbc_url, username, pool_size, query_timeout_ms, row_limit,"
				+ " version, created_at, updated_at) VALUES (?, ?, ?, ?, 3, 5000, 1000, 0, ?, ?)")
			.params(name, kind, jdbcUrl, username, now, now)
			.update(key, "id");
		return key.getKeyAs(Long.class);
	}

}
