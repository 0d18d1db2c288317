package dev.lookout.resilience;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.PanelSpec;
import dev.lookout.dashboards.Panels;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.datasource.ProvisionedDataSource;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.TestPostgres;
import dev.lookout.testsupport.TestRedis;
import dev.lookout.testsupport.UsesTheExampleDirectory;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole application on real servers it can lose: the application database on the test
 * PostgreSQL, results in the test Redis, and three panels of a PostgreSQL data source on the same
 * server. Bounds are small so that faults show quickly: a request pool of 3 connections waited
 * for at most 500 ms, 2 s for each answer of the database, breakers judging after 3 calls and
 * open for 3 s. Every scenario shares this one context; each leaves the servers running.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "lookout.database.pool-size=3", "lookout.database.pool-wait=500ms",
				"lookout.database.query-timeout=2s", "lookout.resilience.minimum-calls=3",
				"lookout.resilience.sliding-window=5", "lookout.resilience.open-wait=3s",
				"lookout.resilience.half-open-calls=1", "lookout.refresh.tick-interval=250ms" })
abstract class OutageScenario implements UsesTheExampleDirectory {

	static final String APP_DATABASE = "outage_app";

	static final String DASHBOARD = "outage";

	/**
	 * A read that still needs the application database, by an admin: the data sources' settings,
	 * which the read model does not hold. Views of dashboards no longer touch the database.
	 */
	static final String NEEDS_DATABASE = "/api/datasources";

	static final int POOL_SIZE = 3;

	static final Duration POOL_WAIT = Duration.ofMillis(500);

	static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

	private static final String SOURCE_DATABASE = "outage_source";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	Breakers breakers;

	@Autowired
	DataSourceProvisioning dataSources;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	Panels panels;

	/** Read before each scenario. */
	List<Long> panelIds;

	/** The admin, signed in before each scenario (the one before may have lost Redis, and its sessions). */
	SessionClient admin;

	long sourceId;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("lookout.database.url", Databases::applicationUrl);
		registry.add("lookout.redis.url", TestRedis.get()::url);
	}

	/** The panels exist and every breaker has recovered from the scenario before. */
	@BeforeEach
	void panelsServeFreshResults() throws Exception {
		TestPostgres postgres = TestPostgres.get();
		// The scenario before may have just brought the database back: until the health probe has seen
		// it, changes are refused at once.
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			this.sourceId = this.dataSources.ensure(new ProvisionedDataSource("outage-source",
					Databases.source().jdbcUrl(), postgres.username(), postgres.password(), 2, Duration.ofSeconds(1),
					100));
			this.dashboards.ensure(new ProvisionedDashboard(DASHBOARD, "Outage", "", List.of(), null,
					IntStream.rangeClosed(1, 3)
						.mapToObj((i) -> new ProvisionedDashboard.Panel("Readings " + i, this.sourceId,
								"SELECT count(*) + " + i + " AS n FROM readings", "stat", null, null, "n", null, 5))
						.toList()));
		});
		this.panelIds = this.panels.all()
			.stream()
			.filter((panel) -> panel.dashboardSlug().equals(DASHBOARD))
			.map(PanelSpec::id)
			.toList();
		this.admin = SessionClient.signedIn(instance(), "ada");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(get("/api/dashboards").status()).isEqualTo(200);
			assertThat(asAdmin(NEEDS_DATABASE).status()).isEqualTo(200);
			for (long panel : this.panelIds) {
				JsonNode result = get(resultPath(panel)).body();
				assertThat(result.path("status").asString()).isEqualTo("ok");
				assertThat(result.path("stale").asBoolean()).isFalse();
			}
		});
	}

	static String resultPath(long panelId) {
		return "/api/panels/" + panelId + "/result";
	}

	Answer get(String path) throws Exception {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)));
	}

	URI instance() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** A read with the admin's session. */
	Answer asAdmin(String path) throws Exception {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Cookie", this.admin.cookie().orElseThrow()));
	}

	private Answer send(HttpRequest.Builder builder) throws Exception {
		HttpRequest request = builder.header("Accept", "application/json").timeout(Duration.ofSeconds(20)).build();
		long started = System.nanoTime();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		String type = response.headers().firstValue("Content-Type").orElse("");
		JsonNode body = type.contains("json") ? json.readTree(response.body()) : MissingNode.getInstance();
		long retryAfter = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L);
		return new Answer(request.uri().getPath(), response.statusCode(), type, retryAfter, body, took);
	}

	/** What {@code /metrics} shows now, in Prometheus' text format. */
	String metrics() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/metrics")).build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

	/** A degraded answer: a documented problem, with the code expected. */
	static Answer degraded(Answer answer, String... codes) {
		assertThat(answer.status()).as("%s", answer).isEqualTo(503);
		DocumentedErrors.assertDocumented(answer);
		assertThat(answer.code()).as("%s", answer).isIn((Object[]) codes);
		return answer;
	}

	/**
	 * Request threads still inside the application database's path: waiting for a place in the
	 * bulkhead, for a pooled connection, or for the database to answer.
	 */
	static List<String> requestThreadsWaitingOnTheDatabase() {
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((thread) -> thread.getKey().getName().startsWith("http-nio-"))
			.filter((thread) -> Arrays.stream(thread.getValue())
				.anyMatch((frame) -> frame.getClassName().startsWith("org.postgresql.")
						|| frame.getClassName().startsWith("com.zaxxer.hikari.")
						|| frame.getClassName().startsWith("io.github.resilience4j.bulkhead.")))
			.map((thread) -> thread.getKey().getName())
			.toList();
	}

	/** Statements of Lookout's sessions running {@code pg_sleep} on the application database. */
	static int runningSleeps() throws SQLException {
		try (Connection admin = TestPostgres.get().adminConnection();
				PreparedStatement statement = admin.prepareStatement("SELECT count(*) FROM pg_stat_activity"
						+ " WHERE datname = ? AND state = 'active' AND query LIKE 'SELECT pg' || '_sleep%'")) {
			statement.setString(1, APP_DATABASE);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	static void cancelSleeps() throws SQLException {
		try (Connection admin = TestPostgres.get().adminConnection();
				PreparedStatement statement = admin.prepareStatement("SELECT pg_cancel_backend(pid)"
						+ " FROM pg_stat_activity WHERE datname = ? AND query LIKE 'SELECT pg' || '_sleep%'")) {
			statement.setString(1, APP_DATABASE);
			statement.execute();
		}
	}

	/** Created once per JVM: creating drops a database of the same name, which the context uses. */
	private static final class Databases {

		private static final String APPLICATION_URL = TestPostgres.get().createDatabase(APP_DATABASE).postgresUrl();

		private static final TestPostgres.Database SOURCE = createSource();

		static String applicationUrl() {
			return APPLICATION_URL;
		}

		static TestPostgres.Database source() {
			return SOURCE;
		}

		private static TestPostgres.Database createSource() {
			TestPostgres postgres = TestPostgres.get();
			TestPostgres.Database database = postgres.createDatabase(SOURCE_DATABASE);
			try (Connection owner = DriverManager.getConnection(database.jdbcUrl(), postgres.username(),
					postgres.password()); Statement sql = owner.createStatement()) {
				sql.execute("CREATE TABLE readings (value int)");
				sql.execute("INSERT INTO readings SELECT g FROM generate_series(1, 10) g");
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			return database;
		}

	}

}
