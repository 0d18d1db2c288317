package dev.lookout.datasource;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.lookout.resilience.CircuitOpen;
import dev.lookout.resilience.PoolExhausted;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/** Queries against a real PostgreSQL: values, limits, timeouts, failures and the pool's bounds. */
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(username = "admin", roles = "ADMIN")
class QueriesOnPostgresTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static TestPostgres.Database database;

	private static final ExecutorService executor = Executors.newCachedThreadPool();

	@Autowired
	DataSources dataSources;

	@Autowired
	Queries queries;

	@Autowired
	MockMvcTester mvc;

	@BeforeAll
	static void createDatabase() throws Exception {
		database = TestPostgres.get().createDatabase("ds_queries");
		Fixtures.execute(database, "CREATE TABLE orders (id int PRIMARY KEY, total numeric(12, 2), note text)",
				"INSERT INTO orders SELECT i, i * 1.25, 'order ' || i FROM generate_series(1, 10) AS i");
	}

	@AfterAll
	static void stopThreads() {
		executor.shutdownNow();
	}

	@Test
	void valuesBecomeJsonSafeTypes() {
		long id = source(3, 5000, 100);
		QueryResult result = this.queries.run(id, """
				SELECT 42::int AS i, 9007199254740993::bigint AS big, 12.50::numeric(10, 2) AS dec, 1.5::real AS r,
				  'NaN'::float8 AS nan, true AS b, 'text' AS s, DATE '2024-02-29' AS d, TIME '13:14:00' AS t,
				  TIMESTAMP '2024-01-02 03:04:00' AS ts, TIMESTAMPTZ '2024-01-02 03:04:05.5+02' AS tstz,
				  TIMETZ '03:04:05+02' AS ttz, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u,
				  '{"a": [1, 2]}'::jsonb AS j, ARRAY[1, 2] AS arr, '\\x0102ff'::bytea AS bin, '1 day'::interval AS iv,
				  '10.0.0.1'::inet AS ip, NULL::int AS none
				""", QueryPurpose.PREVIEW);
		assertThat(result.columns()).extracting(QueryColumn::name)
			.containsExactly("i", "big", "dec", "r", "nan", "b", "s", "d", "t", "ts", "tstz", "ttz", "u", "j", "arr",
					"bin", "iv", "ip", "none");
		assertThat(result.columns()).extracting(QueryColumn::kind)
			.containsExactly("number", "number", "number", "number", "number", "boolean", "string", "date", "time",
					"timestamp", "timestamp", "time", "string", "string", "string", "binary", "string", "string",
					"number");
		assertThat(result.columns().get(10).sqlType()).isEqualTo("timestamptz");
		List<Object> row = result.rows().get(0);
		assertThat(row).containsExactly(42L, 9007199254740993L, new BigDecimal("12.50"), 1.5f, "NaN", true, "text",
				"2024-02-29", "13:14:00", "2024-01-02T03:04:00", "2024-01-02T01:04:05.5Z", "03:04:05+02:00",
				"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"a\": [1, 2]}", "{1,2}", "<3 bytes>", "1 day",
				"10.0.0.1", null);
		assertThat(result.truncated()).isFalse();
		assertThat(result.rowLimit()).isEqualTo(100);
	}

	@Test
	void rowLimitTruncationIsReported() throws Exception {
		QueryResult cut = this.queries.run(source(2, 5000, 3), "SELECT id FROM orders ORDER BY id", QueryPurpose.REFRESH);
		assertThat(cut.rows()).containsExactly(List.of(1L), List.of(2L), List.of(3L));
		assertThat(cut.truncated()).isTrue();
		assertThat(cut.rowLimit()).isEqualTo(3);

		QueryResult exact = this.queries.run(source(2, 5000, 10), "SELECT id FROM orders", QueryPurpose.REFRESH);
		assertThat(exact.rows()).hasSize(10);
		assertThat(exact.truncated()).isFalse();

		JsonNode preview = body(preview(source(2, 5000, 4), "SELECT id, total FROM orders ORDER BY id"));
		assertThat(preview.get("truncated").asBoolean()).isTrue();
		assertThat(preview.get("rowLimit").asInt()).isEqualTo(4);
		assertThat(preview.get("rows")).hasSize(4);
		assertThat(preview.get("rows").get(0).toString()).isEqualTo("[1,1.25]");
		assertThat(preview.get("columns").get(1).get("kind").asString()).isEqualTo("number");
		assertThat(preview.get("durationMs").isIntegralNumber()).isTrue();
	}

	@Test
	void timeoutCancelsTheQueryOnTheServer() throws Exception {
		long id = source(2, 1000, 100);
		long started = System.nanoTime();
		MvcTestResult result = preview(id, "SELECT pg_sleep(5)");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertThat(result).hasStatus(504);
		JsonNode problem = body(result);
		assertThat(problem.get("code").asString()).isEqualTo("QUERY_TIMEOUT");
		assertThat(problem.get("detail").asString()).contains("timeout of 1000 ms");
		assertThat(Fixtures.runningSleeps(database.name())).isZero();
	}

	@Test
	void sqlErrorIsQueryFailedWithTheDatabaseMessage() throws Exception {
		MvcTestResult result = preview(source(2, 5000, 100), "SELECT * FROM no_such_table");
		assertThat(result).hasStatus(400);
		JsonNode problem = body(result);
		assertThat(problem.get("code").asString()).isEqualTo("QUERY_FAILED");
		assertThat(problem.get("detail").asString()).contains("relation \"no_such_table\" does not exist");
	}

	@Test
	void writesFailInTheReadOnlyTransaction() throws Exception {
		long id = source(2, 5000, 100);
		assertThatExceptionOfType(QueryFailed.class)
			.isThrownBy(() -> this.queries.run(id,
					"WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone", QueryPurpose.PREVIEW))
			.withMessageContaining("read-only transaction");
		assertThatExceptionOfType(QueryFailed.class)
			.isThrownBy(() -> this.queries.run(id, "SELECT * FROM orders FOR UPDATE", QueryPurpose.PREVIEW))
			.withMessageContaining("read-only transaction");
		assertThat(this.queries.run(id, "SELECT count(*) FROM orders", QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(10L));
	}

	@Test
	void moreThanOneStatementOrANonQueryIsRefusedBeforeReachingTheDatabase() throws Exception {
		long id = source(2, 5000, 100);
		MvcTestResult two = preview(id, "SELECT 1; COMMIT; DELETE FROM orders");
		assertThat(two).hasStatus(400);
		assertThat(body(two).get("code").asString()).isEqualTo("VALIDATION_FAILED");
		MvcTestResult delete = preview(id, "DELETE FROM orders");
		assertThat(body(delete).get("detail").asString()).startsWith("Only queries can run");
		assertThat(body(preview(id, "SELECT count(*) AS n FROM orders;")).get("rows").get(0).get(0).asInt())
			.isEqualTo(10);
	}

	@Test
	void unreachableSourceIsUnavailableWithRetryAfter() throws Exception {
		DataSourceDefinition source = this.dataSources.create(new DataSourceInput(Fixtures.uniqueName("nowhere"),
				"jdbc:postgresql://127.0.0.1:" + Fixtures.unusedPort() + "/nothing", "nobody", null, 2, 1000, 10, null)).source();
		long started = System.nanoTime();
		MvcTestResult result = preview(source.id(), "SELECT 1");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertThat(result).hasStatus(503);
		assertThat(result).hasHeader("Retry-After", "5");
		JsonNode problem = body(result);
		assertThat(problem.get("code").asString()).isEqualTo("DATASOURCE_UNAVAILABLE");
		assertThat(problem.get("detail").asString()).contains(source.name(), "refused");

		JsonNode check = body(test(source.id()));
		assertThat(check.get("ok").asBoolean()).isFalse();
		assertThat(check.get("reason").asString()).contains("refused");
	}

	@Test
	void mariaDbAndMySqlSourcesReachTheirDriver() {
		for (String scheme : List.of("jdbc:mariadb", "jdbc:mysql")) {
			long id = this.dataSources.create(new DataSourceInput(Fixtures.uniqueName("maria"),
					scheme + "://127.0.0.1:" + Fixtures.unusedPort() + "/nothing", "nobody", "x", 2, 1000, 10, null)).source()
				.id();
			assertThatExceptionOfType(DataSourceUnavailable.class)
				.isThrownBy(() -> this.queries.run(id, "SELECT 1", QueryPurpose.REFRESH))
				.withMessageContaining("Connection refused");
		}
	}

	@Test
	void testConnectionReportsTheProductVersionAndLatency() throws Exception {
		JsonNode check = body(test(source(2, 5000, 10)));
		assertThat(check.get("ok").asBoolean()).isTrue();
		assertThat(check.get("product").asString()).isEqualTo("PostgreSQL");
		assertThat(check.get("version").asString()).startsWith("14.");
		assertThat(check.get("latencyMs").asLong()).isBetween(0L, 5000L);
		assertThat(this.mvc.post().uri("/api/datasources/987654/test").with(csrf()).accept(MediaType.APPLICATION_JSON))
			.hasStatus(404);
	}

	@Test
	void unknownSourceIsNotFound() {
		assertThatExceptionOfType(dev.lookout.web.ApiException.class)
			.isThrownBy(() -> this.queries.run(987654, "SELECT 1", QueryPurpose.PREVIEW))
			.withMessage("There is no data source with id 987654.");
	}

	/** Pool size 2: one connection for refreshes, one kept for previews. */
	@Test
	void refreshesLeaveAConnectionForPreviews() throws Exception {
		long id = source(2, 3000, 10);
		Future<QueryResult> first = refresh(id, "SELECT pg_sleep(10)");
		await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.runningSleeps(database.name()) == 1);
		Future<QueryResult> second = refreshWaitingForASlot(id, "SELECT 2");
		assertThat(second).as("waits for the refresh slot, though a connection is idle").isNotDone();

		long started = System.nanoTime();
		assertThat(this.queries.run(id, "SELECT 3", QueryPurpose.PREVIEW).rows()).containsExactly(List.of(3L));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(QueryTimedOut.class);
		assertThat(second.get(5, TimeUnit.SECONDS).rows()).containsExactly(List.of(2L));
	}

	@Test
	void refreshThatWaitsLongerThanTheTimeoutForASlotFindsThePoolExhausted() throws Exception {
		long id = source(2, 1000, 10);
		Future<QueryResult> first = refresh(id, "SELECT pg_sleep(10)");
		await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.runningSleeps(database.name()) == 1);
		// Queued before the third, so the third is the one left waiting past the timeout.
		Future<QueryResult> second = refreshWaitingForASlot(id, "SELECT pg_sleep(10)");
		Future<QueryResult> third = refresh(id, "SELECT 1");

		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> third.get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(PoolExhausted.class)
			.withMessageContaining("busy for 1000 ms");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(QueryTimedOut.class);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> second.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(QueryTimedOut.class);
	}

	@Test
	void aSessionEndedByTheServerMidQueryIsTheDataSourceUnavailableNotTheQuery() throws Exception {
		long id = source(2, 10000, 10);
		Future<QueryResult> sleeping = refresh(id, "SELECT pg_sleep(10)");
		await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.runningSleeps(database.name()) == 1);
		Fixtures.terminateSleeps(database.name());
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> sleeping.get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(DataSourceUnavailable.class);
		assertThat(this.queries.run(id, "SELECT 1", QueryPurpose.REFRESH).rows()).containsExactly(List.of(1L));
	}

	@Test
	void refreshesWaitingForASlotWhileTheDatabaseHandsOutNoConnectionFindItUnavailableNotBusy() throws Exception {
		// The server accepts and never answers: each refresh holds the one refresh slot for the
		// whole connection wait, so the third, behind two, runs out of time waiting for the slot.
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			long id = this.dataSources.create(new DataSourceInput(Fixtures.uniqueName("silent"),
					"jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/nothing", "nobody", null, 2, 1000, 10,
					null)).source().id();
			List<Future<QueryResult>> refreshes = List.of(refresh(id, "SELECT 1"), refresh(id, "SELECT 1"),
					refresh(id, "SELECT 1"));
			List<Throwable> failures = new ArrayList<>();
			for (Future<QueryResult> refresh : refreshes) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> refresh.get(10, TimeUnit.SECONDS))
					.satisfies((failed) -> failures.add(failed.getCause()));
			}
			assertThat(failures).allSatisfy((failure) -> assertThat(failure).isInstanceOf(DataSourceUnavailable.class));
			assertThat(failures).anySatisfy((failure) -> assertThat(failure).hasMessageContaining("did not hand out"));
		}
	}

	/** Pool size 2: the connection refreshes leave is the previews'; a second preview waits for it, bounded. */
	@Test
	void previewBeyondItsConnectionFindsThePoolExhaustedWithinTheBoundedWait() throws Exception {
		long id = source(2, 8000, 10);
		Future<QueryResult> first = executor
			.submit(() -> this.queries.run(id, "SELECT pg_sleep(10)", QueryPurpose.PREVIEW));
		await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.runningSleeps(database.name()) == 1);
		try {
			long started = System.nanoTime();
			MvcTestResult second = preview(id, "SELECT 1");
			// The bounded wait for a connection: the query timeout, at most 5 s.
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(4900),
					Duration.ofMillis(6500));
			assertThat(second).hasStatus(503);
			assertThat(second).hasHeader("Retry-After", "5");
			JsonNode problem = body(second);
			assertThat(problem.get("code").asString()).isEqualTo("DB_POOL_EXHAUSTED");
			assertThat(problem.get("detail").asString()).contains("connection for previews in use");
			assertThat(this.queries.run(id, "SELECT 2", QueryPurpose.REFRESH).rows())
				.as("refreshes keep their own connections meanwhile")
				.containsExactly(List.of(2L));
		}
		finally {
			Fixtures.cancelSleeps(database.name());
		}
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(QueryTimedOut.class);
	}

	/**
	 * Defaults: five calls before judging, half of them failing opens the breaker for 10 s. A
	 * user's SQL errors never count; editing the source starts its breaker afresh.
	 */
	@Test
	void sourceThatKeepsFailingIsRefusedAtOnceUntilItsBreakerHalfOpensOrItIsEdited() throws Exception {
		long healthy = source(2, 5000, 10);
		for (int i = 0; i < 10; i++) {
			assertThat(preview(healthy, "SELECT * FROM no_such_table")).hasStatus(400);
		}
		assertThat(preview(healthy, "SELECT 1")).hasStatus(200);

		DataSourceDefinition nowhere = this.dataSources.create(new DataSourceInput(Fixtures.uniqueName("failing"),
				"jdbc:postgresql://127.0.0.1:" + Fixtures.unusedPort() + "/nothing", "nobody", null, 2, 1000, 10, null)).source();
		for (int i = 0; i < 5; i++) {
			assertThat(body(preview(nowhere.id(), "SELECT 1")).get("code").asString())
				.isEqualTo("DATASOURCE_UNAVAILABLE");
		}
		long started = System.nanoTime();
		MvcTestResult refused = preview(nowhere.id(), "SELECT 1");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(200));
		assertThat(refused).hasStatus(503);
		JsonNode problem = body(refused);
		assertThat(problem.get("code").asString()).isEqualTo("CIRCUIT_OPEN");
		assertThat(problem.get("detail").asString()).contains("Data source '" + nowhere.name() + "' keeps failing");
		assertThat(problem.get("retryAfterSeconds").asInt()).isBetween(9, 10);
		assertThat(refused.getResponse().getHeader("Retry-After"))
			.isEqualTo(problem.get("retryAfterSeconds").asString());
		assertThatExceptionOfType(CircuitOpen.class)
			.isThrownBy(() -> this.queries.run(nowhere.id(), "SELECT 1", QueryPurpose.REFRESH));

		this.dataSources.update(nowhere.id(), Fixtures.edited(nowhere, null, 20));
		assertThat(body(preview(nowhere.id(), "SELECT 1")).get("code").asString())
			.as("edited: tried again at once")
			.isEqualTo("DATASOURCE_UNAVAILABLE");
	}

	@Test
	void poolClosesWhenItsSourceIsEditedOrDeleted() throws Exception {
		TestPostgres.Database own = TestPostgres.get().createDatabase("ds_pool_close");
		DataSourceDefinition source = this.dataSources
			.create(Fixtures.postgres(Fixtures.uniqueName("closing"), own, 2, 5000, 10)).source();
		this.queries.run(source.id(), "SELECT 1", QueryPurpose.PREVIEW);
		assertThat(Fixtures.lookoutSessions(own.name())).isPositive();

		DataSourceDefinition edited = this.dataSources.update(source.id(), Fixtures.edited(source, null, 20)).source();
		awaitNoSessions(own.name());
		assertThat(this.queries.run(source.id(), "SELECT 1", QueryPurpose.PREVIEW).rowLimit()).isEqualTo(20);
		assertThat(Fixtures.lookoutSessions(own.name())).isPositive();

		this.dataSources.delete(edited.id());
		awaitNoSessions(own.name());
	}

	private static void awaitNoSessions(String database) {
		// A backend ends a moment after its client said goodbye.
		await().atMost(Duration.ofSeconds(5)).until(() -> Fixtures.lookoutSessions(database) == 0);
	}

	private long source(int poolSize, int queryTimeoutMs, int rowLimit) {
		return this.dataSources
			.create(Fixtures.postgres(Fixtures.uniqueName("pg"), database, poolSize, queryTimeoutMs, rowLimit)).source()
			.id();
	}

	private Future<QueryResult> refresh(long id, String sql) {
		return executor.submit(() -> this.queries.run(id, sql, QueryPurpose.REFRESH));
	}

	/** Starts a refresh and returns once its thread waits for a refresh slot (queued behind the running ones). */
	private Future<QueryResult> refreshWaitingForASlot(long id, String sql) {
		AtomicReference<Thread> runner = new AtomicReference<>();
		Future<QueryResult> refresh = executor.submit(() -> {
			runner.set(Thread.currentThread());
			return this.queries.run(id, sql, QueryPurpose.REFRESH);
		});
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> waitsForARefreshSlot(runner.get()));
		return refresh;
	}

	private static boolean waitsForARefreshSlot(Thread thread) {
		return thread != null && thread.getState() == Thread.State.TIMED_WAITING
				&& Stream.of(thread.getStackTrace())
					.anyMatch((frame) -> frame.getClassName().equals(DataSourcePool.class.getName())
							&& frame.getMethodName().equals("enter"));
	}

	private MvcTestResult preview(long id, String sql) {
		return this.mvc.post()
			.uri("/api/query")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(Map.of("dataSourceId", id, "sql", sql)))
			.exchange();
	}

	private MvcTestResult test(long id) {
		return this.mvc.post()
			.uri("/api/datasources/{id}/test", id)
			.with(csrf())
			.accept(MediaType.APPLICATION_JSON)
			.exchange();
	}

	private static JsonNode body(MvcTestResult result) throws Exception {
		return json.readTree(result.getResponse().getContentAsString());
	}

}
