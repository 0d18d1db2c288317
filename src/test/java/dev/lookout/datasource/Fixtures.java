package dev.lookout.datasource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.lookout.testsupport.TestPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

/** Data sources and databases for the tests of this package. */
final class Fixtures {

	private static final AtomicInteger names = new AtomicInteger();

	private Fixtures() {
	}

	private static final JsonMapper json = JsonMapper.builder().build();

	/** The body an admin posts to create a source: a unique name, pool of 2, 5 s timeout, 10 rows. */
	static Map<String, Object> sourceBody(String prefix, String jdbcUrl, String username, String password) {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("name", uniqueName(prefix));
		source.put("jdbcUrl", jdbcUrl);
		source.put("username", username);
		source.put("password", password);
		source.put("poolSize", 2);
		source.put("queryTimeoutMs", 5000);
		source.put("rowLimit", 10);
		return source;
	}

	/** {@code POST /api/datasources} as an admin. */
	static MvcTestResult createAsAdmin(MockMvcTester mvc, Map<String, Object> source) {
		return mvc.post()
			.uri("/api/datasources")
			.with(csrf())
			.with(user("admin").roles("ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(source))
			.exchange();
	}

	static JsonNode body(MvcTestResult result) throws Exception {
		return json.readTree(result.getResponse().getContentAsString());
	}

	/** Tests share an application context, so every source they create gets a name of its own. */
	static String uniqueName(String prefix) {
		return prefix + "-" + names.incrementAndGet();
	}

	/** A source on the test PostgreSQL as its password-checked user. */
	static DataSourceInput postgres(String name, TestPostgres.Database database, int poolSize, int queryTimeoutMs,
			int rowLimit) {
		TestPostgres postgres = TestPostgres.get();
		return new DataSourceInput(name, database.jdbcUrl(), postgres.username(), postgres.password(), poolSize,
				queryTimeoutMs, rowLimit, null);
	}

	static DataSourceInput edited(DataSourceDefinition source, String password, int rowLimit) {
		return new DataSourceInput(source.name(), source.jdbcUrl(), source.username(), password, source.poolSize(),
				(int) source.queryTimeout().toMillis(), rowLimit, source.version());
	}

	/** Runs statements on a test database as its owner. */
	static void execute(TestPostgres.Database database, String... statements) throws SQLException {
		TestPostgres postgres = TestPostgres.get();
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), postgres.username(),
				postgres.password()); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	/** Sessions of Lookout's data-source pools on a database, as the superuser sees them. */
	static int lookoutSessions(String database) throws SQLException {
		return count("SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = 'lookout'",
				database);
	}

	/** Statements running on a database whose text contains {@code pg_sleep}, other than this check. */
	static int runningSleeps(String database) throws SQLException {
		return count("SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND state = 'active'"
				+ " AND query LIKE '%pg' || '_sleep%' AND pid <> pg_backend_pid()", database);
	}

	/** Cancels the {@code pg_sleep} statements running on a database, as the superuser may. */
	static void cancelSleeps(String database) throws SQLException {
		signalSleeps("pg_cancel_backend", database);
	}

	/** Ends the sessions running {@code pg_sleep} on a database, as a server shutting down does (57P01). */
	static void terminateSleeps(String database) throws SQLException {
		signalSleeps("pg_terminate_backend", database);
	}

	private static void signalSleeps(String function, String database) throws SQLException {
		count("SELECT count(" + function + "(pid)) FROM pg_stat_activity WHERE datname = ? AND state = 'active'"
				+ " AND query LIKE '%pg' || '_sleep%' AND pid <> pg_backend_pid()", database);
	}

	/** A loopback port nothing listens on: connections to it are refused at once. */
	static int unusedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int count(String sql, String database) throws SQLException {
		try (Connection admin = TestPostgres.get().adminConnection();
				PreparedStatement statement = admin.prepareStatement(sql)) {
			statement.setString(1, database);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

}
