package dev.lookout.lifecycle;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.lookout.redis.RedisClients;
import dev.lookout.testsupport.AppProcess;
import dev.lookout.testsupport.TestPostgres;
import dev.lookout.testsupport.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar on the test PostgreSQL and Redis, in development mode for its demo directory
 * (an admin may reload) and demo dashboards (the updater has work): a hundred controlled reloads
 * leave threads, connections and Redis clients as they were; SIGTERM under load lets in-flight
 * requests finish, exits 0 within the budget with the report in the log, and leaves no connection
 * or client of ours behind; the same with a hook that hangs.
 */
class PackagedJarStopsAndReloadsCleanlyIT {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Threads our pools start and end by themselves (an idle probe thread, Lettuce's timer, a
	 * data-source pool's housekeeper, refresh workers between two panels' runs), which either count
	 * may catch alive or not. A leak would show as one or more per reload: a hundred here.
	 */
	private static final int THREAD_SLACK = 6;

	private static final int RELOADS = 100;

	@TempDir
	Path workDir;

	@Test
	void reloadsAHundredTimesThenStopsOnSigtermUnderLoadLeavingNothingBehind() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("lifecycle_reloads");
		try (AppProcess app = start(database, Map.of())) {
			Admin admin = Admin.signIn(app);
			long slowSource = admin.createPostgresSource(database);

			admin.reload();
			Counts before = awaitSettled(app, database);

			AtomicBoolean reloading = new AtomicBoolean(true);
			Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
			CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
				while (reloading.get()) {
					answers.computeIfAbsent(admin.readDashboards(), (key) -> new AtomicInteger()).incrementAndGet();
				}
			});
			long started = System.nanoTime();
			for (int i = 0; i < RELOADS; i++) {
				JsonNode report = admin.reload();
				assertThat(report.path("succeeded").asBoolean()).as(report.path("report").asString()).isTrue();
			}
			long reloadMillis = (System.nanoTime() - started) / 1_000_000;
			reloading.set(false);
			reader.join();
			System.out.println(RELOADS + " reloads took " + reloadMillis + " ms; reads meanwhile: " + answers);
			// Every read either served or was told to come back: nothing failed on a closed pool.
			assertThat(answers.keySet()).isSubsetOf("200", "503 RELOADING");

			Counts after = awaitBackTo(app, database, before);
			System.out.println("Before: " + before + "; after " + RELOADS + " reloads: " + after);

			// SIGTERM while a slow request runs and others keep coming.
			CompletableFuture<String> slow = CompletableFuture
				.supplyAsync(() -> admin.preview(slowSource, "SELECT pg_sleep(2) IS NULL AS slept"));
			Load load = Load.start(app, 4);
			Thread.sleep(700);
			long signalled = System.nanoTime();
			int status = app.terminate(Duration.ofSeconds(40));
			long stopMillis = (System.nanoTime() - signalled) / 1_000_000;
			load.stop();
			System.out.println("SIGTERM to exit under load: " + stopMillis + " ms; load: " + load.outcomes());

			assertThat(status).isZero();
			assertThat(slow.join()).startsWith("200");
			assertThat(load.outcomes().keySet()).as("answers under load").isSubsetOf("200", "refused", "closed idle");
			// Drain (10 s) + budget (10 s) + margin: the hard deadline; an idle-ish stop takes far less.
			assertThat(stopMillis).isLessThan(22_000);
			assertThat(app.output()).contains("Shutdown (context closing) finished in", "request-pool",
					"health-pool", "redis", "cache-updater", "watchdog");
			assertThat(sessionsOf(database)).isZero();
			assertThat(RedisClients.clientNames(TestRedis.get().port())).doesNotContain("lookout");
		}
	}

	/**
	 * PostgreSQL frozen (SIGSTOP) right before SIGTERM, with a panel refresh in a long query on it:
	 * the refresh ignores the interrupt, so the updater's stop overruns its hook timeout and is
	 * abandoned, the rest still run, and the process exits 0 within the budget.
	 */
	@Test
	void stopsWithinTheBudgetWhenAHookHangs() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("lifecycle_hang");
		TestPostgres postgres = TestPostgres.get();
		try (AppProcess app = start(database, Map.of("SHUTDOWN_HOOK_TIMEOUT", "1s", "SHUTDOWN_BUDGET", "5s",
				"SHUTDOWN_DRAIN_TIMEOUT", "2s"))) {
			Admin admin = Admin.signIn(app);
			long source = admin.createPostgresSource(database);
			admin.createRefreshingPanel(source, "SELECT pg_sleep(10) IS NULL AS slept");
			await().atMost(Duration.ofSeconds(10)).until(() -> activeQueriesOf(database) > 0);
			long signalled;
			int status;
			postgres.pause();
			try {
				Thread.sleep(1500);
				signalled = System.nanoTime();
				status = app.terminate(Duration.ofSeconds(30));
			}
			finally {
				postgres.resume();
			}
			long stopMillis = (System.nanoTime() - signalled) / 1_000_000;
			System.out.println("SIGTERM to exit with PostgreSQL frozen: " + stopMillis + " ms");
			System.out.println(app.output().substring(app.output().lastIndexOf("Shutdown (context closing)")));

			assertThat(status).isZero();
			// Drain 2 s + budget 5 s + margin 2 s.
			assertThat(stopMillis).isLessThan(9_000);
			assertThat(app.output()).containsPattern("cache-updater\\s+TIMEOUT");
			// A backend notices its client is gone only when its statement ends (pg_sleep(10)).
			await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> assertThat(sessionsOf(database)).isZero());
			assertThat(RedisClients.clientNames(TestRedis.get().port())).doesNotContain("lookout");
		}
	}

	private AppProcess start(TestPostgres.Database database, Map<String, String> extra) throws InterruptedException {
		Map<String, String> env = new HashMap<>(Map.of("APP_ENV", "development", "DATABASE_URL",
				database.postgresUrl(), "REDIS_URL", TestRedis.get().url(), "DATA_DIR",
				this.workDir.resolve("data").toString(), "SHUTDOWN_DRAIN_TIMEOUT", "10s", "SHUTDOWN_BUDGET", "10s"));
		env.putAll(extra);
		AppProcess app = AppProcess.start(this.workDir, env);
		app.awaitHttpOk("/health/ready", Duration.ofSeconds(90));
		return app;
	}

	private static Counts awaitSettled(AppProcess app, TestPostgres.Database database) throws Exception {
		// Pools fill in the background after a start; wait until two looks a second apart agree.
		Counts[] last = { counts(app, database) };
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			Counts now = counts(app, database);
			boolean same = now.sameAs(last[0]);
			last[0] = now;
			return same;
		});
		return last[0];
	}

	private static Counts awaitBackTo(AppProcess app, TestPostgres.Database database, Counts before) {
		Counts[] after = new Counts[1];
		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			after[0] = counts(app, database);
			assertThat(after[0].connections()).isEqualTo(before.connections());
			assertThat(after[0].redisClients()).isEqualTo(before.redisClients());
			assertThat(after[0].threads()).as(() -> "threads now, beside those before: " + after[0].newThreadsSince(before))
				.isLessThanOrEqualTo(before.threads() + THREAD_SLACK);
		});
		return after[0];
	}

	private static Counts counts(AppProcess app, TestPostgres.Database database) throws Exception {
		List<String> threads;
		try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(app.pid()), "task"))) {
			// Tomcat's request threads grow with the load and shrink when idle, and the JVM adds and
			// ends compiler threads as it sees fit: neither is ours to count.
			threads = tasks.map((task) -> threadName(task.resolve("comm")))
				.filter((name) -> !name.isEmpty() && !name.startsWith("http-nio-") && !name.contains("CompilerThre"))
				.sorted()
				.toList();
		}
		long clients = RedisClients.clientNames(TestRedis.get().port()).stream().filter("lookout"::equals).count();
		return new Counts(threads, sessionsOf(database), clients);
	}

	/** The kernel's copy of the thread's name (its first 15 characters), or empty once it ended. */
	private static String threadName(Path comm) {
		try {
			return Files.readString(comm).trim();
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static int sessionsOf(TestPostgres.Database database) throws Exception {
		TestPostgres postgres = TestPostgres.get();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				PreparedStatement statement = connection.prepareStatement(
						"SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lookout' AND datname = ?")) {
			statement.setString(1, database.name());
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
	}

	private static int activeQueriesOf(TestPostgres.Database database) throws Exception {
		TestPostgres postgres = TestPostgres.get();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity"
						+ " WHERE application_name = 'lookout' AND datname = ? AND query LIKE '%pg_sleep(10)%'"
						+ " AND state = 'active'")) {
			statement.setString(1, database.name());
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
	}

	/**
	 * @param threadNames names of the live threads of the process ({@code /proc/<pid>/task}), Tomcat's
	 * request threads aside
	 * @param connections its PostgreSQL sessions, by {@code application_name}
	 * @param redisClients its Redis clients, by client name
	 */
	record Counts(List<String> threadNames, int connections, long redisClients) {

		long threads() {
			return this.threadNames.size();
		}

		boolean sameAs(Counts other) {
			return other != null && threads() == other.threads() && this.connections == other.connections
					&& this.redisClients == other.redisClients;
		}

		/** The names here that {@code earlier} did not have as often: what a leak would be called. */
		List<String> newThreadsSince(Counts earlier) {
			List<String> remaining = new ArrayList<>(earlier.threadNames);
			return this.threadNames.stream().filter((name) -> !remaining.remove(name)).toList();
		}

	}

	/** The demo admin, signed in over a session cookie, with the session's CSRF token. */
	private record Admin(AppProcess app, HttpClient http, String csrfHeader, String csrfToken) {

		static Admin signIn(AppProcess app) throws Exception {
			HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
			HttpResponse<String> form = http.send(
					HttpRequest.newBuilder(app.url("/login")).header("Accept", "text/html").build(),
					HttpResponse.BodyHandlers.ofString());
			Matcher token = CSRF_FIELD.matcher(form.body());
			assertThat(token.find()).isTrue();
			HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(app.url("/login"))
				.header("Accept", "application/json")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("username=admin&password=lookout&_csrf="
						+ URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
			JsonNode csrf = json.readTree(http
				.send(HttpRequest.newBuilder(app.url("/api/csrf")).build(), HttpResponse.BodyHandlers.ofString())
				.body());
			return new Admin(app, http, csrf.path("headerName").asString(), csrf.path("token").asString());
		}

		JsonNode reload() throws Exception {
			HttpResponse<String> answer = post("/api/admin/runtime/reload", "");
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			return json.readTree(answer.body());
		}

		long createPostgresSource(TestPostgres.Database database) throws Exception {
			TestPostgres postgres = TestPostgres.get();
			HttpResponse<String> created = post("/api/datasources", json.writeValueAsString(Map.of("name",
					"PostgreSQL " + database.name(), "jdbcUrl", database.jdbcUrl(), "username", postgres.username(),
					"password", postgres.password(), "poolSize", 2, "queryTimeoutMs", 30_000, "rowLimit", 100)));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			return json.readTree(created.body()).path("id").asLong();
		}

		void createRefreshingPanel(long source, String sql) throws Exception {
			HttpResponse<String> dashboard = post("/api/dashboards",
					json.writeValueAsString(Map.of("slug", "frozen", "title", "Frozen")));
			assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(201);
			HttpResponse<String> panel = post("/api/dashboards/frozen/panels",
					json.writeValueAsString(Map.of("title", "Sleeps", "dataSourceId", source, "sql", sql,
							"visualization", "stat", "refreshSeconds", 5, "options", Map.of("valueColumn", "slept"))));
			assertThat(panel.statusCode()).as(panel.body()).isEqualTo(201);
		}

		/** The status, and the code of a 503. */
		String readDashboards() {
			try {
				HttpResponse<String> answer = this.http.send(
						HttpRequest.newBuilder(this.app.url("/api/dashboards")).header("Accept", "application/json").build(),
						HttpResponse.BodyHandlers.ofString());
				return describe(answer);
			}
			catch (IOException | InterruptedException ex) {
				return ex.getClass().getSimpleName();
			}
		}

		String preview(long source, String sql) {
			try {
				return describe(post("/api/query",
						json.writeValueAsString(Map.of("dataSourceId", source, "sql", sql))));
			}
			catch (Exception ex) {
				return ex.toString();
			}
		}

		private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
			return this.http.send(HttpRequest.newBuilder(this.app.url(path))
				.header("Accept", "application/json")
				.header("Content-Type", "application/json")
				.header(this.csrfHeader, this.csrfToken)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		private static String describe(HttpResponse<String> answer) {
			if (answer.statusCode() == 503) {
				return "503 " + json.readTree(answer.body()).path("code").asString();
			}
			return String.valueOf(answer.statusCode());
		}

	}

	/** Clients reading a public page and the health endpoint as fast as they can, until stopped. */
	private static final class Load {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

		private final List<CompletableFuture<Void>> clients = new ArrayList<>();

		static Load start(AppProcess app, int clients) {
			Load load = new Load();
			for (int i = 0; i < clients; i++) {
				HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
				load.clients.add(CompletableFuture.runAsync(() -> {
					while (load.running.get()) {
						load.count(read(http, app));
					}
				}));
			}
			return load;
		}

		/**
		 * 200; refused once the port is closed; or "closed idle": the drain closes idle keep-alive
		 * connections, and a request the client sent on one at that moment was never read (HTTP
		 * lets a client retry it). Anything else (a 5xx, a reset mid-answer) would be a request
		 * the stop cut short.
		 */
		private static String read(HttpClient http, AppProcess app) {
			try {
				return String.valueOf(http
					.send(HttpRequest.newBuilder(app.url("/api/dashboards")).header("Accept", "application/json").build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode());
			}
			catch (java.net.ConnectException ex) {
				pause();
				return "refused";
			}
			catch (IOException ex) {
				pause();
				if (ex.getCause() instanceof java.net.ConnectException) {
					return "refused";
				}
				return "HTTP/1.1 header parser received no bytes".equals(ex.getMessage()) ? "closed idle" : ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "interrupted";
			}
		}

		private static void pause() {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private void count(String outcome) {
			this.outcomes.computeIfAbsent(outcome, (key) -> new AtomicInteger()).incrementAndGet();
		}

		void stop() {
			this.running.set(false);
			this.clients.forEach(CompletableFuture::join);
		}

		Map<String, AtomicInteger> outcomes() {
			return this.outcomes;
		}

	}

}
