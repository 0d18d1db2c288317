package dev.lookout.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.lookout.testsupport.TestPostgres;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The PostgreSQL server that holds both the application database and the panels' data source,
 * stopped and then frozen: no request waits past its bound, the breakers open and answer
 * {@code CIRCUIT_OPEN} at once with a {@code Retry-After} that counts down, panels keep their
 * last good rows marked stale with the reason, and everything recovers once the server is back,
 * without a restart.
 */
class DatabaseOutageIsAnsweredAtOnceAndRecoversTest extends OutageScenario {

	/** The worst single request: a place in the bulkhead, a connection, then one answer of the database. */
	private static final Duration REQUEST_BOUND = POOL_WAIT.plus(POOL_WAIT).plus(QUERY_TIMEOUT).plusSeconds(1);

	/**
	 * An answer that waits on nothing: well under the pool wait that any waiting answer takes, with
	 * room for a machine shared with other builds.
	 */
	private static final Duration AT_ONCE = Duration.ofMillis(200);

	private final TestPostgres postgres = TestPostgres.get();

	@Test
	void stoppedDatabaseOpensTheBreakersServesStaleResultsAndRecoversWithoutRestart() throws Exception {
		Map<Long, JsonNode> good = results();
		try {
			this.postgres.stop();
			Answer open = untilCircuitOpen();
			assertThat(open.body().path("detail").asString()).startsWith("The application database keeps failing");

			List<Answer> countdown = new ArrayList<>();
			Instant until = Instant.now().plusMillis(2600);
			while (Instant.now().isBefore(until)) {
				countdown.add(degraded(get("/api/dashboards"), "CIRCUIT_OPEN"));
				Thread.sleep(300);
			}
			System.out.println("Circuit open, Retry-After and answer time: " + countdown.stream()
				.map((answer) -> answer.retryAfter() + " s in " + answer.took().toMillis() + " ms")
				.toList());
			assertThat(countdown).allSatisfy((answer) -> assertThat(answer.took()).isLessThan(AT_ONCE));
			List<Long> retryAfter = countdown.stream().map(Answer::retryAfter).toList();
			assertThat(retryAfter.get(0)).isBetween(2L, 3L);
			assertThat(retryAfter).isSortedAccordingTo(Comparator.reverseOrder());
			assertThat(retryAfter.get(retryAfter.size() - 1)).isLessThan(retryAfter.get(0));
			assertThat(metrics())
				.contains("resilience4j_circuitbreaker_state{name=\"app-database\",state=\"open\"} 1.0");
			assertCircuitOpenAnswersComeAtOnce();

			// The source's breaker opens after the first failed refreshes; the updater then skips the
			// source, except for the one trial refresh each time the breaker half-opens.
			Set<String> reasons = new HashSet<>();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				for (long panel : this.panelIds) {
					JsonNode stale = get(resultPath(panel)).body();
					assertThat(stale.path("stale").asBoolean()).isTrue();
					assertThat(stale.path("rows")).isEqualTo(good.get(panel).path("rows"));
					assertThat(stale.path("asOf")).isEqualTo(good.get(panel).path("asOf"));
					String reason = stale.path("staleReason").asString();
					assertThat(reason).isIn("DATASOURCE_UNAVAILABLE", "CIRCUIT_OPEN");
					assertThat(stale.path("lastError").path("code").asString()).isEqualTo(reason);
					if (reason.equals("CIRCUIT_OPEN")) {
						assertThat(stale.path("lastError").path("message").asString())
							.startsWith("Data source 'outage-source' keeps failing");
					}
					reasons.add(reason);
				}
				assertThat(reasons).contains("CIRCUIT_OPEN");
			});
		}
		finally {
			this.postgres.start();
		}
		assertRecovers(good);
	}

	@Test
	void hungDatabaseHoldsNoRequestPastItsBoundAndRecoversWhenResumed() throws Exception {
		Map<Long, JsonNode> good = results();
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			this.postgres.pause();
			List<Answer> waited = new ArrayList<>();
			Answer open = null;
			for (int round = 0; round < 10 && open == null; round++) {
				List<Future<Answer>> requests = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					requests.add(clients.submit(() -> get("/api/dashboards")));
				}
				for (Future<Answer> request : requests) {
					Answer answer = degraded(request.get(30, TimeUnit.SECONDS), "SERVICE_UNAVAILABLE",
							"DB_POOL_EXHAUSTED", "CIRCUIT_OPEN");
					if (answer.code().equals("CIRCUIT_OPEN")) {
						open = answer;
					}
					else {
						waited.add(answer);
					}
				}
			}
			System.out.println("Hung database, answers before the breaker opened: " + waited);
			assertThat(open).as("the breaker opened").isNotNull();
			assertThat(waited).allSatisfy((answer) -> assertThat(answer.took()).isLessThan(REQUEST_BOUND));
			assertThat(requestThreadsWaitingOnTheDatabase()).as("request threads still waiting").isEmpty();

			Answer refused = degraded(get("/api/dashboards"), "CIRCUIT_OPEN");
			assertThat(refused.took()).isLessThan(AT_ONCE);
			Answer result = get(resultPath(this.panelIds.get(0)));
			assertThat(result.status()).isEqualTo(200);
			assertThat(result.took()).isLessThan(AT_ONCE);
		}
		finally {
			this.postgres.resume();
			clients.shutdownNow();
		}
		assertRecovers(good);
	}

	/**
	 * Many answers in a row while the breaker stays open: one in a few seconds is the trial call,
	 * which waits for the database again and is left out.
	 */
	private void assertCircuitOpenAnswersComeAtOnce() throws Exception {
		List<Duration> took = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			Answer answer = degraded(get("/api/dashboards"), "SERVICE_UNAVAILABLE", "CIRCUIT_OPEN");
			if (answer.code().equals("CIRCUIT_OPEN")) {
				took.add(answer.took());
			}
		}
		took.sort(Comparator.naturalOrder());
		Duration median = took.get(took.size() / 2);
		Duration p99 = took.get(took.size() * 99 / 100);
		System.out.println("Circuit open, " + took.size() + " answers over HTTP: median " + median.toNanos() / 1000
				+ " us, p99 " + p99.toNanos() / 1000 + " us");
		assertThat(p99).isLessThan(AT_ONCE);
	}

	/** Answers are degraded, and waited for, until the breaker opens; then they come at once. */
	private Answer untilCircuitOpen() throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			Answer answer = degraded(get("/api/dashboards"), "SERVICE_UNAVAILABLE", "CIRCUIT_OPEN");
			if (answer.code().equals("CIRCUIT_OPEN")) {
				assertThat(answer.took()).isLessThan(AT_ONCE);
				return answer;
			}
			assertThat(answer.took()).isLessThan(REQUEST_BOUND);
		}
		throw new AssertionError("The application database's breaker never opened");
	}

	/** The breaker half-opens, the trial succeeds, it closes; panels get fresh rows again. */
	private void assertRecovers(Map<Long, JsonNode> good) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(get("/api/dashboards").status()).isEqualTo(200));
		assertThat(this.breakers.breaker(Breakers.APP_DATABASE).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (long panel : this.panelIds) {
				JsonNode fresh = get(resultPath(panel)).body();
				assertThat(fresh.path("stale").asBoolean()).isFalse();
				assertThat(Instant.parse(fresh.path("asOf").asString()))
					.isAfter(Instant.parse(good.get(panel).path("asOf").asString()));
			}
		});
		assertThat(this.breakers.breaker(Breakers.dataSource(this.sourceId)).getState())
			.isEqualTo(CircuitBreaker.State.CLOSED);
	}

	private Map<Long, JsonNode> results() throws Exception {
		Map<Long, JsonNode> results = new HashMap<>();
		for (long panel : this.panelIds) {
			results.put(panel, get(resultPath(panel)).body());
		}
		return results;
	}

}
