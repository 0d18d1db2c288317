package dev.lookout.refresh;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Predicate;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.PanelSpec;
import dev.lookout.dashboards.Panels;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.datasource.ProvisionedDataSource;
import dev.lookout.testsupport.TestPostgres;
import dev.lookout.variables.TimeRange;
import dev.lookout.variables.ValueType;
import dev.lookout.variables.Variable;
import dev.lookout.variables.VariableType;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Dashboard variables end to end on a real PostgreSQL, through the HTTP API as an anonymous
 * viewer: values reach the server as bound parameters, never as SQL, whatever they hold and
 * through whichever kind of variable; a relative range slides from one refresh to the next; a
 * view with chosen values nobody watches any more stops costing queries within its keep time.
 * Keep times are short here (5 s for a 5 s panel) so expiry is observable in a test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "lookout.refresh.view-keep-at-least=10s",
				"lookout.refresh.view-keep-intervals=1" })
class VariablesOnPostgresTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int REFRESH_SECONDS = 5;

	/** Strings an attacker would try, each sent through every parameter of the dashboard. */
	private static final List<String> CORPUS = List.of("' OR 1=1 --", "'; DROP TABLE orders; --",
			"1; SELECT pg_sleep(10)", "$$; DROP TABLE orders; $$", "\\'; DROP TABLE orders; --", "\") OR (\"1\"=\"1",
			"\u02BC OR 1=1 --", "%27%20OR%201=1", "now-1h; DROP TABLE orders", "1e999999", "NaN", "x".repeat(5000),
			"<script>alert(1)</script>");

	@LocalServerPort
	int port;

	@Autowired
	DataSourceProvisioning dataSources;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	Panels panels;

	@Autowired
	MeterRegistry meters;

	private final HttpClient http = HttpClient.newHttpClient();

	// ---------------------------------------------------------------------------------------
	// 1. Parameters are bound

	@Test
	void theServerReceivesAPlaceholderAndTheValueComesBackUnchanged() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("vars_bound");
		long source = source("vars-bound-source", database);
		String sql = "SELECT :region AS region, (SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid()) AS sent";
		this.dashboards.ensure(new ProvisionedDashboard("vars-bound", "Bound", "",
				List.of(text("region", "nobody")), null, List.of(panel("Sent", source, sql))));
		long panel = panelId("vars-bound", sql);

		String value = "'); DROP TABLE orders; -- \u02BC \"1\"=\"1";
		JsonNode result = readUntilOk(panel, query("region", value));

		JsonNode row = result.path("rows").get(0);
		assertThat(row.get(0).asString()).isEqualTo(value);
		assertThat(row.get(1).asString()).contains("$1").doesNotContain(value).doesNotContain("DROP TABLE");
		assertThat(result.path("parameters").path("region").get(0).asString()).isEqualTo(value);
	}

	// ---------------------------------------------------------------------------------------
	// 2. Injection corpus through every variable type

	@Test
	void everyParameterTakesTheCorpusAsDataOrRefusesItAndTheDatabaseIsUntouched() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("vars_corpus");
		execute(database, "CREATE TABLE orders (id int PRIMARY KEY, region text, amount numeric(12, 2),"
				+ " created_at timestamptz)",
				"INSERT INTO orders SELECT i, (ARRAY['EU', 'US', 'APAC', 'LATAM'])[1 + i % 4], i * 1.5,"
						+ " now() - i * INTERVAL '1 hour' FROM generate_series(1, 200) AS i");
		Fingerprint before = fingerprint(database);
		long source = source("vars-corpus-source", database);
		String count = "SELECT count(*) AS n FROM orders WHERE region IN (:regions) AND region <> :region"
				+ " AND amount >= :min AND created_at >= :from AND created_at < :to";
		String note = "SELECT :note AS note";
		String other = "SELECT :other AS other";
		this.dashboards.ensure(new ProvisionedDashboard("vars-corpus", "Corpus", "",
				List.of(text("note", "hello"), number("min", "0"),
						list("region", false, false, List.of("EU", "US", "APAC", "LATAM"), List.of("LATAM")),
						list("other", false, true, List.of("a", "b"), List.of("a")),
						list("regions", true, false, List.of("EU", "US", "APAC", "LATAM"), List.of("EU", "US"))),
				new TimeRange("Range", "now-30d", "now"),
				List.of(panel("Count", source, count), panel("Note", source, note), panel("Other", source, other))));
		long countPanel = panelId("vars-corpus", count);
		Map<String, Long> panelOf = Map.of("note", panelId("vars-corpus", note), "other", panelId("vars-corpus", other),
				"min", countPanel, "region", countPanel, "regions", countPanel, "from", countPanel, "to", countPanel);

		// The count panel works, so a refusal below is the value's, not a broken panel's.
		JsonNode valid = readUntilOk(countPanel, query("regions", "EU", "regions", "APAC", "region", "US", "min", "30",
				"from", "now-100h"));
		assertThat(valid.path("rows").get(0).get(0).asLong())
			.isEqualTo(count(database, "SELECT count(*) FROM orders WHERE region IN ('EU', 'APAC') AND amount >= 30"
					+ " AND created_at >= now() - INTERVAL '100 hours'"));

		List<String> refusedEverywhere = List.of("min", "region", "regions", "from", "to");
		List<Echo> echoes = new ArrayList<>();
		for (String value : CORPUS) {
			for (String name : panelOf.keySet()) {
				Answer answer = get(panelOf.get(name), query(name, value));
				String sent = name + "=" + shown(value);
				assertThat(answer.status()).as(sent).isIn(200, 400);
				if (answer.status() == 400) {
					assertThat(answer.body().path("code").asString()).as(sent).isEqualTo("VALIDATION_FAILED");
					assertThat(answer.body().path("detail").asString()).as(sent).contains(name + ": ");
				}
				else {
					assertThat(name).as(sent + " answered 200").isIn("note", "other");
					echoes.add(new Echo(panelOf.get(name), name, value));
				}
				// Numbers, times and lists of fixed options accept none of these strings.
				if (refusedEverywhere.contains(name)) {
					assertThat(answer.status()).as(sent).isEqualTo(400);
				}
			}
		}
		// Text and a list allowing other values take every value up to their length limit as data.
		assertThat(echoes).hasSize(2 * (CORPUS.size() - 1));
		for (Echo echo : echoes) {
			JsonNode result = readUntilOk(echo.panel(), query(echo.name(), echo.value()));
			assertThat(result.path("stale").asBoolean()).isFalse();
			assertThat(result.path("rows").size()).isEqualTo(1);
			assertThat(result.path("rows").get(0).get(0).asString()).as(shown(echo.value())).isEqualTo(echo.value());
			assertThat(result.path("parameters").path(echo.name()).get(0).asString()).isEqualTo(echo.value());
		}

		assertThat(fingerprint(database)).isEqualTo(before);
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement();
				ResultSet rows = sql.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query ILIKE '%pg_sleep%'"
						+ " AND pid <> pg_backend_pid()")) {
			rows.next();
			assertThat(rows.getLong(1)).isZero();
		}
	}

	// ---------------------------------------------------------------------------------------
	// 3. A relative range slides between two refreshes

	@Test
	void aRelativeRangeSlidesFromOneRefreshToTheNext() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("vars_sliding");
		long source = source("vars-sliding-source", database);
		String sql = "SELECT CAST(:from AS timestamptz) AS range_start, CAST(:to AS timestamptz) AS range_end";
		this.dashboards.ensure(new ProvisionedDashboard("vars-sliding", "Sliding", "", List.of(),
				new TimeRange("Range", "now-6h", "now"), List.of(panel("Range", source, sql))));
		long panel = panelId("vars-sliding", sql);
		String lastHour = query("from", "now-1h", "to", "now");

		JsonNode first = readUntilOk(panel, lastHour);
		// Reading keeps the view watched, so it is refreshed on its interval.
		JsonNode second = readUntilNewVersion(panel, lastHour, first.path("resultVersion").asLong());

		Duration between = Duration.between(asOf(first), asOf(second));
		assertThat(between).isGreaterThanOrEqualTo(Duration.ofSeconds(REFRESH_SECONDS - 1));
		for (JsonNode result : List.of(first, second)) {
			// The range is resolved at the refresh's start: the hour before asOf.
			assertThat(millisBetween(asOf(result), instant(result, 1))).isCloseTo(0, within(1L));
			assertThat(millisBetween(instant(result, 0), instant(result, 1))).isCloseTo(3_600_000, within(1L));
			// The JSON says what was bound (nanoseconds); the column holds it to PostgreSQL's microsecond.
			assertThat(millisBetween(parameter(result, "from"), instant(result, 0))).isCloseTo(0, within(1L));
			assertThat(millisBetween(parameter(result, "to"), instant(result, 1))).isCloseTo(0, within(1L));
		}
		long moved = between.toMillis();
		assertThat(millisBetween(instant(first, 0), instant(second, 0))).isCloseTo(moved, within(1L));
		assertThat(millisBetween(instant(first, 1), instant(second, 1))).isCloseTo(moved, within(1L));
		assertThat(millisBetween(parameter(first, "from"), parameter(second, "from"))).isCloseTo(moved, within(1L));
	}

	// ---------------------------------------------------------------------------------------
	// 4. A view nobody watches stops being refreshed within its expiry

	@Test
	void aViewNobodyWatchesStopsBeingQueriedWithinItsKeepTime() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("vars_expiry");
		execute(database, "CREATE TABLE expiry_orders (region text)",
				"INSERT INTO expiry_orders VALUES ('EU'), ('US'), ('APAC'), ('APAC')");
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement()) {
			sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
		}
		long source = source("vars-expiry-source", database);
		// One region by default, three chosen: on PostgreSQL 14 the two are distinct statements
		// (IN ($1) and IN ($1, $2, $3)), so the server counts the chosen view's queries apart.
		String sql = "SELECT count(*) AS n FROM expiry_orders WHERE region IN (:regions)";
		this.dashboards.ensure(new ProvisionedDashboard("vars-expiry", "Expiry", "",
				List.of(list("regions", true, false, List.of("EU", "US", "APAC"), List.of("EU"))), null,
				List.of(panel("Count", source, sql))));
		long panel = panelId("vars-expiry", sql);
		String chosen = "IN ($1, $2, $3)";
		String byDefault = "IN ($1)";

		// Views other tests of this class watched expire within seconds: start from none.
		await("views of other tests expired").atMost(Duration.ofSeconds(60)).until(() -> liveViews() == 0);
		double queriesBefore = chosenViewQueries();
		Answer once = get(panel, query("regions", "EU", "regions", "US", "regions", "APAC"));
		Instant lastWatched = Instant.now();
		assertThat(once.status()).isEqualTo(200);
		assertThat(liveViews()).isEqualTo(1);

		// Refreshed at once, without another read.
		await("the chosen view refreshed").atMost(Duration.ofSeconds(20))
			.until(() -> statements(database, chosen) >= 1);
		assertThat(chosenViewQueries()).isGreaterThan(queriesBefore);

		// Keep time (5 s) + one interval + slack for a busy machine.
		await("the unwatched view expired").atMost(Duration.ofSeconds(5 + REFRESH_SECONDS + 20))
			.until(() -> liveViews() == 0);
		long chosenAfterExpiry = statements(database, chosen);
		double countedAfterExpiry = chosenViewQueries();
		long defaultsAfterExpiry = statements(database, byDefault);
		Thread.sleep(Duration.ofSeconds(15).toMillis());

		assertThat(statements(database, chosen)).isEqualTo(chosenAfterExpiry);
		assertThat(chosenViewQueries()).isEqualTo(countedAfterExpiry);
		assertThat(liveViews()).isZero();
		// The refresher did not just stop: the default view is refreshed on as always.
		assertThat(statements(database, byDefault)).isGreaterThan(defaultsAfterExpiry);
		// Read once: the first refresh, and at most one or two more on the interval before it expired.
		long seconds = Duration.between(lastWatched, Instant.now()).toSeconds();
		assertThat(chosenAfterExpiry).as("chosen-view queries over %d s after one read", seconds).isBetween(1L, 3L);
	}

	// ---------------------------------------------------------------------------------------
	// Helpers

	private long source(String name, TestPostgres.Database database) {
		return this.dataSources.ensure(new ProvisionedDataSource(name, database.jdbcUrl(), TestPostgres.get().username(),
				TestPostgres.get().password(), 4, Duration.ofSeconds(5), 100));
	}

	private static ProvisionedDashboard.Panel panel(String title, long source, String sql) {
		return new ProvisionedDashboard.Panel(title, source, sql, "table", null, null, null, null, REFRESH_SECONDS);
	}

	private static Variable text(String name, String defaultValue) {
		return new Variable(name, null, VariableType.TEXT, false, null, null, null, false, List.of(defaultValue));
	}

	private static Variable number(String name, String defaultValue) {
		return new Variable(name, null, VariableType.NUMBER, false, null, null, null, false, List.of(defaultValue));
	}

	private static Variable list(String name, boolean multi, boolean allowOther, List<String> options,
			List<String> defaults) {
		return new Variable(name, null, VariableType.LIST, multi, ValueType.TEXT, options, null, allowOther, defaults);
	}

	private long panelId(String slug, String sql) {
		return this.panels.all()
			.stream()
			.filter((p) -> p.dashboardSlug().equals(slug) && p.sql().equals(sql))
			.map(PanelSpec::id)
			.findFirst()
			.orElseThrow();
	}

	/** {@code name=value&...}, each name and value URL-encoded in UTF-8. */
	private static String query(String... namesAndValues) {
		StringJoiner query = new StringJoiner("&");
		for (int i = 0; i < namesAndValues.length; i += 2) {
			query.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
		}
		return query.toString();
	}

	private Answer get(long panel, String query) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + this.port + "/api/panels/" + panel + "/result?" + query);
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri).build(),
				HttpResponse.BodyHandlers.ofString());
		return new Answer(response.statusCode(), json.readTree(response.body()));
	}

	/**
	 * Reads the view (which keeps it watched) until it has a good result; fails with the last answer
	 * when that takes more than 30 s, whatever the reason (a refusal, an error, never refreshed).
	 */
	private JsonNode readUntilOk(long panel, String query) {
		return readUntil(panel, query, (result) -> result.path("status").asString().equals("ok"));
	}

	private JsonNode readUntilNewVersion(long panel, String query, long version) {
		return readUntil(panel, query, (result) -> result.path("status").asString().equals("ok")
				&& result.path("resultVersion").asLong() != version);
	}

	private JsonNode readUntil(long panel, String query, Predicate<JsonNode> done) {
		JsonNode[] last = new JsonNode[1];
		await("panel " + panel + " read with " + shown(query)).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(300))
			.untilAsserted(() -> {
				Answer answer = get(panel, query);
				// 404 while the updater has not indexed the new panel yet.
				assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
				assertThat(answer.body().path("lastError").isMissingNode() || answer.body().path("lastError").isNull())
					.as(answer.body().toString())
					.isTrue();
				assertThat(done.test(answer.body())).as(answer.body().toString()).isTrue();
				last[0] = answer.body();
			});
		return last[0];
	}

	private static Instant asOf(JsonNode result) {
		return Instant.parse(result.path("asOf").asString());
	}

	private static Instant instant(JsonNode result, int column) {
		return OffsetDateTime.parse(result.path("rows").get(0).get(column).asString()).toInstant();
	}

	private static Instant parameter(JsonNode result, String name) {
		return Instant.parse(result.path("parameters").path(name).get(0).asString());
	}

	private static long millisBetween(Instant from, Instant to) {
		return Duration.between(from, to).toMillis();
	}

	private double liveViews() {
		return this.meters.get("lookout.views.live").gauge().value();
	}

	private double chosenViewQueries() {
		return this.meters.get("lookout.views.queries").counter().count();
	}

	/** Executions of the panel statement ending with {@code tail}, as the PostgreSQL server counted them. */
	private static long statements(TestPostgres.Database database, String tail) throws SQLException {
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement();
				ResultSet rows = sql.executeQuery("SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s"
						+ " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '" + database.name()
						+ "' AND s.query LIKE '%FROM expiry_orders WHERE region " + tail + "'")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static Connection owner(TestPostgres.Database database) throws SQLException {
		return DriverManager.getConnection(database.jdbcUrl(), TestPostgres.get().username(),
				TestPostgres.get().password());
	}

	private static void execute(TestPostgres.Database database, String... statements) throws SQLException {
		try (Connection owner = owner(database); Statement sql = owner.createStatement()) {
			for (String statement : statements) {
				sql.execute(statement);
			}
		}
	}

	private static long count(TestPostgres.Database database, String query) throws SQLException {
		try (Connection owner = owner(database); Statement sql = owner.createStatement();
				ResultSet rows = sql.executeQuery(query)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** What "untouched" means: the table's rows and checksum, and how many tables the schema has. */
	private static Fingerprint fingerprint(TestPostgres.Database database) throws SQLException {
		return new Fingerprint(count(database, "SELECT count(*) FROM orders"),
				string(database, "SELECT md5(string_agg(id || '|' || region || '|' || amount || '|' || created_at, ','"
						+ " ORDER BY id)) FROM orders"),
				count(database, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
	}

	private static String string(TestPostgres.Database database, String query) throws SQLException {
		try (Connection owner = owner(database); Statement sql = owner.createStatement();
				ResultSet rows = sql.executeQuery(query)) {
			rows.next();
			return rows.getString(1);
		}
	}

	/** A value as an assertion message shows it: long ones cut. */
	private static String shown(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "… (" + value.length() + " characters)";
	}

	private record Answer(int status, JsonNode body) {
	}

	private record Echo(long panel, String name, String value) {
	}

	private record Fingerprint(long rows, String checksum, long tables) {
	}

}
