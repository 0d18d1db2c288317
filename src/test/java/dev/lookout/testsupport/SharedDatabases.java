package dev.lookout.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.lookout.security.secrets.SecretCipher;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The databases that instances of the packaged jar share in a test, on the test PostgreSQL: an
 * application database migrated as the instances would, a data-source database whose statements
 * {@code pg_stat_statements} counts, and the data source's row, its password sealed with
 * {@link JarInstances#SECRET_KEY} as the admin page would.
 *
 * @param app the application database
 * @param source the database the panels query
 * @param sourceId the id of the data source row pointing at {@code source}
 */
public record SharedDatabases(TestPostgres.Database app, TestPostgres.Database source, long sourceId) {

	/** Creates both databases afresh (an existing one of the same name is dropped first). */
	public static SharedDatabases create(String appName, String sourceName) throws SQLException {
		TestPostgres postgres = TestPostgres.get();
		TestPostgres.Database app = postgres.createDatabase(appName);
		TestPostgres.Database source = postgres.createDatabase(sourceName);
		try (Connection admin = postgres.adminConnection(); Statement sql = admin.createStatement()) {
			sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
		}
		Flyway.configure()
			.dataSource(app.jdbcUrl(), postgres.username(), postgres.password())
			.locations("classpath:db/migration")
			.load()
			.migrate();
		JdbcClient appJdbc = jdbc(app);
		long sourceId = DataSourceRows.insert(appJdbc, sourceName, source.jdbcUrl(), postgres.username());
		appJdbc.sql("UPDATE data_source SET password_sealed = ? WHERE id = ?")
			.params(new SecretCipher(JarInstances.SECRET_KEY, Optional.empty()).seal(postgres.password(),
					"datasource:" + sourceId + ":password"), sourceId)
			.update();
		return new SharedDatabases(app, source, sourceId);
	}

	public JdbcClient appJdbc() {
		return jdbc(this.app);
	}

	public JdbcClient sourceJdbc() {
		return jdbc(this.source);
	}

	/** Forgets the statements counted so far, in every database of the server. */
	public static void resetStatements() throws SQLException {
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement()) {
			sql.execute("SELECT pg_stat_statements_reset()");
		}
	}

	/** Runs, since the last reset, of the source database's statements whose text contains {@code marker}. */
	public long sourceStatementCalls(String marker) throws SQLException {
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement();
				ResultSet rows = sql.executeQuery("SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s"
						+ " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '" + this.source.name()
						+ "' AND s.query LIKE '%" + marker + "%'")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** The text of every statement the source database ran since the last reset. */
	public List<String> sourceStatements() throws SQLException {
		try (Connection admin = TestPostgres.get().adminConnection();
				PreparedStatement sql = admin.prepareStatement("SELECT s.query FROM pg_stat_statements s"
						+ " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ?")) {
			sql.setString(1, this.source.name());
			List<String> statements = new ArrayList<>();
			try (ResultSet rows = sql.executeQuery()) {
				while (rows.next()) {
					statements.add(rows.getString(1));
				}
			}
			return statements;
		}
	}

	private static JdbcClient jdbc(TestPostgres.Database database) {
		TestPostgres postgres = TestPostgres.get();
		return JdbcClient
			.create(new DriverManagerDataSource(database.jdbcUrl(), postgres.username(), postgres.password()));
	}

}
