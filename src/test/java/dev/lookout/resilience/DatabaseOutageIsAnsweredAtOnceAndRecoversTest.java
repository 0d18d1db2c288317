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
 * stopped and then frozen: no request waits past its bound; once the outage is known (the
 * application database's breaker open, or the health probe DOWN) what needs the database is
 * refused at once with {@code APP_DATABASE_UNAVAILABLE}, while dashboards are still served from
 * the read model, marked read-only; panels keep their last good rows marked stale with the reason
 * (the data source's breaker answering {@code CIRCUIT_OPEN}), and everything recovers once the
 * server is back, without a restart.
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
			Answer refused = untilRefusedAtOnce();
			assertThat(refused.body().path("detail").asString()).startsWith("The application database");
			assertThat(refused.retryAfter()).isBetween(1L, 5L);
			assertViewsAreServedReadOnly();
			assertRefusalsComeAtOnce();

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
			// Waited for until the breaker opens or the health probe finds the database hung; then at once.
			List<Answer> waited = new ArrayList<>();
			Answer atOnce = null;
			for (int round = 0; round < 10 && atOnce == null; round++) {
				List<Future<Answer>> requests = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					requests.add(clients.submit(() -> asAdmin(NEEDS_DATABASE)));
				}
				for (Future<Answer> request : requests) {
					Answer answer = degraded(request.get(30, TimeUnit.SECONDS), "APP_DATABASE_UNAVAILABLE",
							"DB_POOL_EXHAUSTED");
					if (answer.took().compareTo(AT_ONCE) < 0) {
						atOnce = answer;
					}
					else {
						waited.add(answer);
					}
				}
			}
			System.out.println("Hung database, answers before they came at once: " + waited);
			assertThat(atOnce).as("the outage became known").isNotNull();
			assertThat(waited).allSatisfy((answer) -> assertThat(answer.took()).isLessThan(REQUEST_BOUND));
			assertThat(requestThreadsWaitingOnTheDatabase()).as("request threads still waiting").isEmpty();

			assertRefusalsComeAtOnce();
			assertViewsAreServedReadOnly();
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
	 * Many answers in a row once the outage is known (the breaker open, or the health probe's
	 * latest answer DOWN): none waits for the database.
	 */
	private void assertRefusalsComeAtOnce() throws Exception {
		List<Duration> took = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			took.add(degraded(asAdmin(NEEDS_DATABASE), "APP_DATABASE_UNAVAILABLE").took());
		}
		took.sort(Comparator.naturalOrder());
		Duration median = took.get(took.size() / 2);
		Duration p99 = took.get(took.size() * 99 / 100);
		System.out.println("Outage known, " + took.size() + " refusals over HTTP: median " + median.toNanos() / 1000
				+ " us, p99 " + p99.toNanos() / 1000 + " us");
		assertThat(p99).isLessThan(AT_ONCE);
	}

	/** Answers are degraded, and waited for at most their bound, until the outage is known; then they come at once. */
	private Answer untilRefusedAtOnce() throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			Answer answer = degraded(asAdmin(NEEDS_DATABASE), "APP_DATABASE_UNAVAILABLE");
			assertThat(answer.took()).isLessThan(REQUEST_BOUND);
			if (answer.took().compareTo(AT_ONCE) < 0) {
				return answer;
			}
		}
		throw new AssertionError("Requests needing the application database kept waiting for it");
	}

	/** Views need no database: the dashboards API answers from the read model, saying it is read-only. */
	private void assertViewsAreServedReadOnly() {
		// Read-only shows once the outage is known (the probe's next answer), not with the first failure.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			Answer dashboard = get("/api/dashboards/" + DASHBOARD);
			assertThat(dashboard.status()).as("%s", dashboard).isEqualTo(200);
			assertThat(dashboard.took()).isLessThan(AT_ONCE);
			assertThat(dashboard.body().path("readOnly").asBoolean()).isTrue();
			assertThat(dashboard.body().path("definitionsAsOf").asString()).isNotEmpty();
			assertThat(dashboard.body().path("panels")).hasSize(this.panelIds.size());
		});
	}

	/** The breaker half-opens, the trial succeeds, it closes; panels get fresh rows again. */
	private void assertRecovers(Map<Long, JsonNode> good) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(asAdmin(NEEDS_DATABASE).status()).isEqualTo(200));
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
