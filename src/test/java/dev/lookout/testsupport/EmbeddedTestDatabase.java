package dev.lookout.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import dev.lookout.datasource.EmbeddedDataSource;

/**
 * An in-memory H2 database of a test, declared to Lookout the way the demo declares its own:
 * an {@link EmbeddedDataSource} read by {@link #READER}, a user without admin rights who may
 * read every table of the {@code PUBLIC} schema. The test fills it as its admin.
 */
public final class EmbeddedTestDatabase {

	/** Stored as the source's user, with no password. */
	public static final String READER = "panels";

	private EmbeddedTestDatabase() {
	}

	public static String url(String name) {
		return "jdbc:h2:mem:" + name;
	}

	/**
	 * Creates the database and its reader; the returned admin connection keeps the database
	 * alive until it is closed.
	 */
	public static Connection create(String name) throws SQLException {
		Connection admin = DriverManager.getConnection(url(name) + ";DB_CLOSE_DELAY=-1", "sa", "");
		try (Statement sql = admin.createStatement()) {
			sql.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD ''");
			sql.execute("GRANT SELECT ON SCHEMA PUBLIC TO " + READER);
		}
		return admin;
	}

	/** Creates the database and its reader, then runs {@code statements} (its tables and rows) as its admin. */
	public static Connection create(String name, String... statements) throws SQLException {
		Connection admin = create(name);
		try (Statement sql = admin.createStatement()) {
			for (String statement : statements) {
				sql.execute(statement);
			}
		}
		return admin;
	}

	/** The bean a test's configuration declares, so that Lookout opens this database. */
	public static EmbeddedDataSource declaration(String name) {
		return new EmbeddedDataSource(url(name), READER);
	}

}
