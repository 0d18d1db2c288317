package dev.lookout.refresh;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.Panels;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.datasource.ProvisionedDataSource;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The load claim, counted where it matters, on the data source's own server: many viewers
 * polling a panel for a while make exactly as many panel queries as the updater scheduled
 * (pg_stat_statements), not one per read. Then the table goes away: the refresh fails, the last
 * good rows keep being served, labelled stale with the error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "PUBLIC_DASHBOARDS=true")
class ViewersNeverQueryTheDataSourceTest {

	private static final int VIEWERS = 32;

	private static final Duration LOAD = Duration.ofSeconds(12);

	/** A marker that finds the panel's statement among everything the server ran. */
	private static final String PANEL_SQL = "SELECT count(*) AS readings, max(value) AS highest FROM viewer_load_readings";

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	DataSourceProvisioning dataSources;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	Panels panels;

	@Autowired
	CacheUpdater updater;

	@Test
	void panelQueriesFollowTheScheduleNotTheViewers() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("viewer_load");
		try (Connection owner = DriverManager.getConnection(database.jdbcUrl(), TestPostgres.get().username(),
				TestPostgres.get().password()); Statement sql = owner.createStatement()) {
			sql.execute("CREATE TABLE viewer_load_readings (value INT)");
			sql.execute("INSERT INTO viewer_load_readings SELECT g FROM generate_series(1, 100) g");
		}
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement()) {
			sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
		}
		long source = this.dataSources.ensure(new ProvisionedDataSource("load-source", database.jdbcUrl(),
				TestPostgres.get().username(), TestPostgres.get().password(), 4, Duration.ofSeconds(5), 100));
		this.dashboards.ensure(new ProvisionedDashboard("load", "Load", "", List.of(), null, List.of(new ProvisionedDashboard.Panel(
				"Readings", source, PANEL_SQL, "stat", null, null, "readings", null, 5))));
		long panel = this.panels.all().stream().filter((p) -> p.sql().equals(PANEL_SQL)).findFirst().orElseThrow().id();
		URI result = URI.create("http://127.0.0.1:" + this.port + "/api/panels/" + panel + "/result");
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(20)).until(() -> read(http, result).path("status").asString().equals("ok"));

		long refreshesBefore = this.updater.refreshes();
		long statementsBefore = panelStatements(database);
		AtomicLong reads = new AtomicLong();
		ExecutorService viewers = Executors.newFixedThreadPool(VIEWERS);
		Instant until = Instant.now().plus(LOAD);
		List<Future<Object>> running = IntStream.range(0, VIEWERS).mapToObj((i) -> viewers.<Object>submit(() -> {
			while (Instant.now().isBefore(until)) {
				assertThat(read(http, result).path("rows").get(0).get(0).asLong()).isEqualTo(100);
				reads.incrementAndGet();
			}
			return null;
		})).toList();
		for (Future<Object> viewer : running) {
			viewer.get();
		}
		viewers.shutdown();
		long statements = panelStatements(database) - statementsBefore;
		long refreshes = this.updater.refreshes() - refreshesBefore;

		assertThat(reads.get()).isGreaterThan(VIEWERS * 20L);
		// 12 s at a 5 s interval: two or three refreshes, however many reads.
		assertThat(statements).isBetween(2L, 3L);
		// A refresh may finish between the two counter reads; the database never ran more than the updater asked.
		assertThat(statements).isBetween(refreshes - 1, refreshes + 1);

		JsonNode good = read(http, result);
		try (Connection owner = DriverManager.getConnection(database.jdbcUrl(), TestPostgres.get().username(),
				TestPostgres.get().password()); Statement sql = owner.createStatement()) {
			sql.execute("DROP TABLE viewer_load_readings");
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> read(http, result).path("stale").asBoolean());
		JsonNode stale = read(http, result);
		assertThat(stale.path("staleReason").asString()).isEqualTo("QUERY_FAILED");
		assertThat(stale.path("lastError").path("message").asString()).contains("viewer_load_readings");
		assertThat(stale.path("rows")).isEqualTo(good.path("rows"));
		assertThat(stale.path("asOf")).isEqualTo(good.path("asOf"));
	}

	private static JsonNode read(HttpClient http, URI uri) throws Exception {
		return json.readTree(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body());
	}

	/** Executions of the panel's statement, as the PostgreSQL server counted them. */
	private static long panelStatements(TestPostgres.Database database) throws Exception {
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement();
				ResultSet rows = sql.executeQuery("SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s"
						+ " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '" + database.name()
						+ "' AND s.query LIKE '%FROM viewer_load_readings%'")) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
