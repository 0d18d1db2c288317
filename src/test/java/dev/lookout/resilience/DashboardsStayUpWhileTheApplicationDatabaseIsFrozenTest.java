package dev.lookout.resilience;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application database frozen (SIGSTOP of the real PostgreSQL) for 20 s while a viewer reads
 * three dashboard pages, the dashboards API, a panel result and the event stream in a loop: every
 * read is answered 200, and once the outage is known each says it is read-only (the page's banner,
 * the API's {@code readOnly}); writes are refused with {@code APP_DATABASE_UNAVAILABLE}, the first
 * within the pool wait, then at once, and signing in still works; after SIGCONT the same edit is
 * saved within one breaker wait.
 * And views make no statement on the application database at all ({@code pg_stat_statements}).
 */
class DashboardsStayUpWhileTheApplicationDatabaseIsFrozenTest extends OutageScenario {

	private static final Duration FREEZE = Duration.ofSeconds(20);

	/** DESIGN §10: pages and the dashboards API while the application database is frozen. */
	private static final Duration READ_P99 = Duration.ofMillis(50);

	private static final List<String> DASHBOARDS = List.of(DASHBOARD, "frozen-b", "frozen-c");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void viewsAreServedReadOnlyAndWritesFailFastUntilTheDatabaseThawsAndTheEditIsSaved() throws Exception {
		for (String slug : DASHBOARDS.subList(1, 3)) {
			this.dashboards.ensure(new ProvisionedDashboard(slug, "Frozen " + slug, "", List.of(), null, List.of(
					new ProvisionedDashboard.Panel("Readings", this.sourceId, "SELECT count(*) AS n FROM readings",
							"stat", null, null, "n", null, 5))));
		}
		String csrf = this.admin.csrfToken(instance());
		long version = get("/api/dashboards/" + DASHBOARD).body().path("version").asLong();
		String edit = "{\"title\":\"Outage, renamed while frozen\",\"description\":\"typed during the freeze\","
				+ "\"version\":" + version + "}";

		AtomicBoolean reading = new AtomicBoolean(true);
		ExecutorService viewer = Executors.newSingleThreadExecutor();
		List<Read> reads = new ArrayList<>();
		Future<?> loop = viewer.submit(() -> {
			while (reading.get()) {
				reads.addAll(readEverything());
			}
			return null;
		});
		try {
			Thread.sleep(1000);
			long frozenAt = System.nanoTime();
			TestPostgres.get().pause();
			try {
				HttpResponse<String> first = put(edit, csrf);
				Duration firstTook = Duration.ofNanos(System.nanoTime() - frozenAt);
				assertThat(first.statusCode()).as(first.body()).isEqualTo(503);
				assertThat(SessionClient.code(first)).isEqualTo("APP_DATABASE_UNAVAILABLE");
				assertThat(first.headers().firstValue("Retry-After")).isPresent();
				// Refused within the pool's wait for a connection (and the probe's second), never the query timeout.
				assertThat(firstTook).isLessThan(POOL_WAIT.plusSeconds(1));
				await().atMost(Duration.ofSeconds(5)).until(() -> readOnlyNow());
				List<Duration> refusals = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					long started = System.nanoTime();
					HttpResponse<String> again = put(edit, csrf);
					refusals.add(Duration.ofNanos(System.nanoTime() - started));
					assertThat(SessionClient.code(again)).isEqualTo("APP_DATABASE_UNAVAILABLE");
				}
				// At once: none waits for the pool, and most take what any small request takes.
				refusals.sort(Comparator.naturalOrder());
				System.out.println("Frozen database, refused writes: " + refusals);
				assertThat(refusals).allSatisfy((took) -> assertThat(took).isLessThan(POOL_WAIT));
				assertThat(refusals.get(refusals.size() / 2)).isLessThan(Duration.ofMillis(100));
				// Sign-in needs only the directory and the session store; its audit entry is written behind.
				assertThat(new SessionClient().signIn(instance(), "ada", "ada-Pa55word").statusCode()).isEqualTo(200);
				long left = FREEZE.toNanos() - (System.nanoTime() - frozenAt);
				Thread.sleep(Math.max(0, left / 1_000_000));
			}
			finally {
				TestPostgres.get().resume();
			}
			long thawedAt = System.nanoTime();
			reading.set(false);
			loop.get();
			List<Read> frozen = reads.stream().filter((read) -> read.at() > frozenAt && read.at() < thawedAt).toList();
			report(frozen);
			assertThat(frozen).hasSizeGreaterThan(50);
			assertThat(frozen).allSatisfy((read) -> assertThat(read.status()).as(read.path()).isEqualTo(200));
			// Pages and the dashboards API say so once the outage is known (the probe's next answer, a second or two).
			List<Read> views = frozen.stream().filter((read) -> read.path().startsWith("/d/")
					|| read.path().startsWith("/api/dashboards")).toList();
			assertThat(views.stream().filter(Read::readOnly).count()).as("views saying read-only")
				.isGreaterThan(views.size() * 3 / 4);
			assertThat(percentile(frozen, 99)).isLessThan(READ_P99);

			// The same edit, as typed, once the database is back: within one breaker wait.
			await().atMost(Duration.ofSeconds(3).plusSeconds(5)).until(() -> put(edit, csrf).statusCode() == 200);
			JsonNode saved = get("/api/dashboards/" + DASHBOARD).body();
			assertThat(saved.path("title").asString()).isEqualTo("Outage, renamed while frozen");
			assertThat(saved.path("description").asString()).isEqualTo("typed during the freeze");
			assertThat(saved.path("readOnly").asBoolean()).isFalse();
		}
		finally {
			reading.set(false);
			viewer.shutdownNow();
		}
	}

	@Test
	void aThousandViewsMakeNoStatementOnTheApplicationDatabase() throws Exception {
		long panel = this.panelIds.get(0);
		resetStatements();
		for (int i = 0; i < 250; i++) {
			assertThat(page(DASHBOARD).statusCode()).isEqualTo(200);
			assertThat(get("/api/dashboards").status()).isEqualTo(200);
			assertThat(get("/api/dashboards/" + DASHBOARD).status()).isEqualTo(200);
			assertThat(get(resultPath(panel)).status()).isEqualTo(200);
		}
		// Only what runs on its own schedule may have run meanwhile: the health probe, the version check,
		// the notification outbox's poll, the alert rules' reload, and the audit entry of the admin's
		// sign-in before the views, which is written behind it.
		assertThat(statementsBesides(List.of("lookout_health_probe", "FROM definitions_version",
				"FROM notification_outbox", "FROM alert_rule", "FROM alert_state", "INSERT INTO audit_log"))).isEmpty();
	}

	private boolean readOnlyNow() throws Exception {
		return get("/api/dashboards/" + DASHBOARD).body().path("readOnly").asBoolean();
	}

	private HttpResponse<String> put(String body, String csrf) throws Exception {
		return this.admin.exchange(this.admin.request(instance(), "/api/dashboards/" + DASHBOARD, "application/json")
			.header("Content-Type", "application/json")
			.header("X-CSRF-Token", csrf)
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** One round of what a viewer reads: three pages, the API, a panel result, the stream's first event. */
	private List<Read> readEverything() throws Exception {
		List<Read> round = new ArrayList<>();
		for (String slug : DASHBOARDS) {
			long started = System.nanoTime();
			HttpResponse<String> page = page(slug);
			round.add(new Read("/d/" + slug, started, page.statusCode(), page.body().contains("read-only-banner"),
					System.nanoTime() - started));
		}
		Answer api = get("/api/dashboards/" + DASHBOARD);
		round.add(new Read(api.path(), System.nanoTime() - api.took().toNanos(), api.status(),
				api.body().path("readOnly").asBoolean(), api.took().toNanos()));
		Answer result = get(resultPath(this.panelIds.get(0)));
		round.add(new Read(result.path(), System.nanoTime() - result.took().toNanos(), result.status(), false,
				result.took().toNanos()));
		round.add(firstEvent());
		return round;
	}

	private HttpResponse<String> page(String slug) throws Exception {
		return this.http.send(HttpRequest.newBuilder(instance().resolve("/d/" + slug))
			.header("Accept", "text/html")
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Opens the dashboard's event stream and reads until its first event, then drops it. */
	private Read firstEvent() throws Exception {
		long started = System.nanoTime();
		HttpResponse<InputStream> stream = this.http.send(
				HttpRequest.newBuilder(instance().resolve("/api/stream?dashboard=" + DASHBOARD))
					.header("Accept", "text/event-stream")
					.timeout(Duration.ofSeconds(20))
					.build(),
				HttpResponse.BodyHandlers.ofInputStream());
		boolean event = false;
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.startsWith("data:")) {
					event = true;
					break;
				}
			}
		}
		return new Read("/api/stream", started, event ? stream.statusCode() : 0, false, System.nanoTime() - started);
	}

	private static Duration percentile(List<Read> reads, int percent) {
		List<Long> took = reads.stream().map(Read::tookNanos).sorted(Comparator.naturalOrder()).toList();
		return Duration.ofNanos(took.get(Math.min(took.size() - 1, took.size() * percent / 100)));
	}

	private static void report(List<Read> reads) {
		Map<String, List<Read>> byPath = new java.util.TreeMap<>();
		reads.forEach((read) -> byPath.computeIfAbsent(read.path(), (path) -> new ArrayList<>()).add(read));
		byPath.forEach((path, some) -> System.out.println("Frozen database, " + path + ": " + some.size()
				+ " reads, p50 " + percentile(some, 50).toNanos() / 1000 + " us, p99 "
				+ percentile(some, 99).toNanos() / 1000 + " us"));
	}

	private static void resetStatements() throws Exception {
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement()) {
			sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
			sql.execute("SELECT pg_stat_statements_reset()");
		}
	}

	/** Statements run on the application database since the reset, but for those containing one of {@code allowed}. */
	private static List<String> statementsBesides(List<String> allowed) throws Exception {
		List<String> others = new ArrayList<>();
		try (Connection admin = TestPostgres.get().adminConnection();
				PreparedStatement statement = admin.prepareStatement("SELECT s.query FROM pg_stat_statements s"
						+ " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ?")) {
			statement.setString(1, APP_DATABASE);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					String query = rows.getString(1);
					if (allowed.stream().noneMatch(query::contains)) {
						others.add(query);
					}
				}
			}
		}
		return others;
	}

	/** One read: what, when it started (nanoTime), its status, whether it said read-only, how long it took. */
	private record Read(String path, long at, int status, boolean readOnly, long tookNanos) {
	}

}
