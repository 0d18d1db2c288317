package dev.lookout.testsupport;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.lookout.testsupport.TestPostgres.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TestPostgresTest {

	private static final TestPostgres postgres = TestPostgres.get();

	private static Database database;

	private static final ExecutorService timeouts = Executors.newSingleThreadExecutor();

	@BeforeAll
	static void createDatabase() {
		database = postgres.createDatabase("harness");
	}

	@AfterEach
	void leaveServerRunning() {
		postgres.resume();
		postgres.start();
	}

	@AfterAll
	static void stopTimeouts() {
		timeouts.shutdownNow();
	}

	@Test
	void connectsWithCheckedPasswordOnLoopbackOnly() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			assertThat(queryString(statement, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
			assertThat(queryString(statement, "SELECT current_user")).isEqualTo(postgres.username());
		}
		assertThat(postgres.port()).isNotEqualTo(5432);
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), postgres.username(), "wrong"))
			.withMessageContaining("password authentication failed");
	}

	@Test
	void postgresUrlCarriesEncodedCredentials() {
		assertThat(database.postgresUrl())
			.isEqualTo("postgres://lookout:test%20p%40ss%3Aw%2Frd%25@127.0.0.1:" + postgres.port() + "/harness");
	}

	@Test
	void createDatabaseGivesAFreshDatabase() throws SQLException {
		Database scratch = postgres.createDatabase("harness_scratch");
		execute(scratch, "CREATE TABLE leftover (id int)");
		Database again = postgres.createDatabase("harness_scratch");
		try (Connection connection = connect(again); Statement statement = connection.createStatement()) {
			assertThat(queryString(statement,
					"SELECT count(*) FROM information_schema.tables WHERE table_name = 'leftover'"))
				.isEqualTo("0");
		}
	}

	@Test
	void stopRefusesConnectionsAndStartKeepsData() throws SQLException {
		execute(database, "CREATE TABLE kept (note text)", "INSERT INTO kept VALUES ('survives')");
		postgres.stop();
		assertThatExceptionOfType(SQLException.class).isThrownBy(this::connect)
			.withRootCauseInstanceOf(ConnectException.class);
		postgres.start();
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			assertThat(queryString(statement, "SELECT note FROM kept")).isEqualTo("survives");
		}
	}

	@Test
	void restartEndsSessionsAndKeepsData() throws SQLException {
		execute(database, "CREATE TABLE restarted (note text)", "INSERT INTO restarted VALUES ('survives')");
		try (Connection before = connect()) {
			postgres.restart();
			assertThat(before.isValid(2)).isFalse();
		}
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			assertThat(queryString(statement, "SELECT note FROM restarted")).isEqualTo("survives");
		}
	}

	@Test
	void pauseHangsQueriesAndResumeAnswersThem() throws SQLException {
		try (Connection connection = connect()) {
			postgres.pause();
			connection.setNetworkTimeout(timeouts, 1000);
			long started = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> {
				try (Statement statement = connection.createStatement()) {
					statement.executeQuery("SELECT 1");
				}
			});
			assertThat((System.nanoTime() - started) / 1_000_000).isBetween(900L, 5000L);
			Properties shortLogin = credentials();
			shortLogin.setProperty("loginTimeout", "1");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), shortLogin));
		}
		postgres.resume();
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			assertThat(queryString(statement, "SELECT 1")).isEqualTo("1");
		}
	}

	@Test
	void adminConnectionSeesOurSessionsByApplicationName() throws SQLException {
		Properties named = credentials();
		named.setProperty("ApplicationName", "harness-probe");
		try (Connection ours = DriverManager.getConnection(database.jdbcUrl(), named);
				Connection admin = postgres.adminConnection();
				Statement statement = admin.createStatement()) {
			assertThat(queryString(statement, "SELECT usename FROM pg_stat_activity"
					+ " WHERE datname = 'harness' AND application_name = 'harness-probe'"))
				.isEqualTo(postgres.username());
		}
	}

	private Connection connect() throws SQLException {
		return connect(database);
	}

	private static Connection connect(Database target) throws SQLException {
		return DriverManager.getConnection(target.jdbcUrl(), credentials());
	}

	private static Properties credentials() {
		Properties properties = new Properties();
		properties.setProperty("user", postgres.username());
		properties.setProperty("password", postgres.password());
		return properties;
	}

	private static void execute(Database target, String... statements) throws SQLException {
		try (Connection connection = connect(target); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static String queryString(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

}
