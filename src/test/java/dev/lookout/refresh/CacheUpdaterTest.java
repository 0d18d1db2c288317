package dev.lookout.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.lookout.dashboards.PanelChanged;
import dev.lookout.datasource.QueryFailed;
import dev.lookout.datasource.QueryTimedOut;
import dev.lookout.redis.RedisClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The updater with scripted panels and queries. Time is a fixed clock and rounds are run by
 * the test ({@link CacheUpdater#tick(Instant)} with the instant it means), so nothing waits for
 * an interval to pass; only the first round at start and wake-ups run by themselves.
 */
class CacheUpdaterTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final TestPanels panels = new TestPanels();

	private final ScriptedQueries queries = new ScriptedQueries();

	private final InMemoryResultCache cache = new InMemoryResultCache();

	private final List<PanelRefreshed> published = new CopyOnWriteArrayList<>();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<CacheUpdater> updaters = new ArrayList<>();

	/** The leases of a single instance unless a test scripts another answer. */
	private PanelLeases leases = PanelLeases.LOCAL;

	private final Set<Thread> earlierThreads = RedisClients.liveThreads();

	@AfterEach
	void stopUpdaters() {
		this.queries.release();
		this.updaters.forEach(CacheUpdater::stop);
	}

	@Test
	void startRefreshesEveryPanelAtOnceAndStoresItsDocument() {
		this.panels.with(TestPanels.panel(1, "select 1", INTERVAL)).with(TestPanels.panel(2, "select 22", INTERVAL));
		CacheUpdater updater = started(4);
		await().untilAsserted(() -> assertThat(this.published).hasSize(2));
		JsonNode document = document(1);
		assertThat(document.get("status").asString()).isEqualTo("ok");
		assertThat(document.get("asOf").asString()).isEqualTo("2026-01-01T00:00:00Z");
		assertThat(body(1)).contains("\"rows\":[[10.50],[8]]");
		assertThat(document.get("rowCount").asInt()).isEqualTo(2);
		assertThat(document.get("durationMs").asLong()).isEqualTo(12);
		assertThat(document.get("resultVersion").asLong()).isEqualTo(T0.toEpochMilli());
		assertThat(this.published).extracting(PanelRefreshed::panelId).containsExactlyInAnyOrder(1L, 2L);
		assertThat(this.published).allSatisfy((event) -> {
			assertThat(event.dashboardSlug()).isEqualTo(TestPanels.SLUG);
			assertThat(event.asOf()).isEqualTo(T0);
			assertThat(event.stale()).isFalse();
			assertThat(event.resultVersion()).isEqualTo(this.cache.get(event.view()).orElseThrow().resultVersion());
		});
		assertThat(updater.knows(1)).isTrue();
		assertThat(updater.knows(3)).isFalse();
	}

	@Test
	void refreshesAgainWhenItsIntervalHasPassedAndNotBefore() {
		this.panels.with(TestPanels.panel(1, "select 1", INTERVAL));
		CacheUpdater updater = started(4);
		await().until(() -> this.published.size() == 1);
		assertThat(updater.tick(T0.plusSeconds(4))).isZero();
		assertThat(updater.tick(T0.plus(INTERVAL))).isOne();
		await().until(() -> this.published.size() == 2);
		assertThat(updater.tick(T0.plus(INTERVAL).plusSeconds(4))).isZero();
		assertThat(updater.tick(T0.plus(INTERVAL).plus(INTERVAL))).isOne();
		await().until(() -> this.published.size() == 3);
		assertThat(this.queries.calls("select 1")).isEqualTo(3);
		assertThat(this.published).extracting(PanelRefreshed::resultVersion).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void failureKeepsTheLastGoodResultMarkedStaleWithTheError() {
		this.panels.with(TestPanels.panel(1, "select 1", INTERVAL));
		CacheUpdater updater = started(4);
		await().until(() -> this.published.size() == 1);
		JsonNode good = document(1);

		this.queries.answer("select 1", () -> {
			throw new QueryTimedOut(Duration.ofSeconds(5));
		});
		updater.tick(T0.plus(INTERVAL));
		await().until(() -> this.published.size() == 2);

		StoredResult stored = this.cache.get(ViewKey.of(1)).orElseThrow();
		assertThat(stored.stale()).isTrue();
		assertThat(stored.staleReason()).isEqualTo("QUERY_TIMEOUT");
		assertThat(stored.asOf()).isEqualTo(T0);
		JsonNode stale = document(1);
		for (String kept : List.of("status", "asOf", "durationMs", "rowCount", "truncated", "rowLimit", "columns", "rows")) {
			assertThat(stale.get(kept)).as(kept).isEqualTo(good.get(kept));
		}
		assertThat(stale.get("stale").asBoolean()).isTrue();
		assertThat(stale.get("staleReason").asString()).isEqualTo("QUERY_TIMEOUT");
		assertThat(stale.get("lastError").get("code").asString()).isEqualTo("QUERY_TIMEOUT");
		assertThat(stale.get("lastError").get("message").asString()).contains("5000 ms");
		assertThat(stale.get("lastError").get("at").asString()).isEqualTo("2026-01-01T00:00:00Z");
		assertThat(stale.get("resultVersion").asLong()).isGreaterThan(good.get("resultVersion").asLong());
		PanelRefreshed event = this.published.get(1);
		assertThat(event.stale()).isTrue();
		assertThat(event.asOf()).isEqualTo(T0);
		assertThat(event.resultVersion()).isEqualTo(stored.resultVersion());

		this.queries.answer("select 1", () -> ScriptedQueries.rows(3));
		updater.tick(T0.plus(INTERVAL).plus(INTERVAL));
		await().until(() -> this.published.size() == 3);
		JsonNode recovered = document(1);
		assertThat(recovered.get("stale").asBoolean()).isFalse();
		assertThat(recovered.get("lastError").isNull()).isTrue();
		assertThat(recovered.get("rows").toString()).isEqualTo("[[3]]");
	}

	@Test
	void freshnessTellsEachPanelsIntervalResultTimeAndWhyItIsStale() {
		this.panels.with(TestPanels.panel(1, "select 1", INTERVAL));
		CacheUpdater updater = started(4);
		await().until(() -> this.published.size() == 1);
		assertThat(updater.freshness()).containsExactly(new PanelFreshness(1, INTERVAL, T0, null));

		this.queries.answer("select 1", () -> {
			throw new QueryTimedOut(Duration.ofSeconds(5));
		});
		updater.tick(T0.plus(INTERVAL));
		await().until(() -> this.published.size() == 2);
		assertThat(updater.freshness()).containsExactly(new PanelFreshness(1, INTERVAL, T0, "QUERY_TIMEOUT"));
		assertThat(updater.freshness().get(0).stale()).isTrue();
		assertThat(updater.freshness().get(0).age(T0.plusSeconds(7))).contains(Duration.ofSeconds(7));
	}

	@Test
	void failedFirstRefreshStoresPendingWithTheError() {
		this.panels.with(TestPanels.panel(1, "select nope", INTERVAL));
		this.queries.answer("select nope", () -> {
			throw new QueryFailed("column \"nope\" does not exist");
		});
		started(4);
		await().until(() -> this.published.size() == 1);
		JsonNode document = document(1);
		assertThat(document.get("status").asString()).isEqualTo("pending");
		assertThat(document.get("stale").asBoolean()).isTrue();
		assertThat(document.get("staleReason").asString()).isEqualTo("QUERY_FAILED");
		assertThat(document.get("lastError").get("message").asString()).isEqualTo("column \"nope\" does not exist");
		assertThat(this.published.get(0).asOf()).isNull();
		assertThat(this.published.get(0).stale()).isTrue();
	}

	@Test
	void unexpectedFailureIsAnInternalErrorThatKeepsItsMessageToTheLog() {
		this.panels.with(TestPanels.panel(1, "select 1", INTERVAL));
		this.queries.answer("select 1", () -> {
			throw new IllegalStateException("driver internals: password=hunter2");
		});
		started(4);
		await().until(() -> this.published.size() == 1);
		JsonNode error = document(1).get("lastError");
		assertThat(error.get("code").asString()).isEqualTo("INTERNAL_ERROR");
		assertThat(error.toString()).doesNotContain("hunter2");
	}

	@Test
	void neverRunsMoreQueriesAtOnceThanItsConcurrency() {
		IntStream.rangeClosed(1, 10).forEach((id) -> this.panels.with(TestPanels.panel(id, "select " + id, INTERVAL)));
		this.queries.hold();
		CacheUpdater updater = started(3);
		await().until(() -> this.queries.running() == 3);
		assertThat(updater.tick(T0)).isZero();
		assertThat(this.queries.running()).isEqualTo(3);
		this.queries.release();
		await().untilAsserted(() -> {
			updater.tick(T0);
			assertThat(this.published).hasSize(10);
		});
		assertThat(this.queries.mostAtOnce()).isEqualTo(3);
		assertThat(IntStream.rangeClosed(1, 10).map((id) -> this.queries.calls("select " + id))).containsOnly(1);
	}

	@Test
	void editedPanelIsRefreshedAtOnceAndTheResultOfItsOldQueryDropped() {
		this.panels.with(TestPanels.panel(1, "select 1", Duration.ofHours(1)));
		CacheUpdater updater = started(4);
		await().until(() -> this.published.size() == 1);

		this.queries.hold();
		this.panels.with(TestPanels.panel(1, "select 1 + 1", Duration.ofHours(1)));
		updater.on(new PanelChanged(1, false));
		await().until(() -> this.queries.running() == 1);
		assertThat(this.cache.get(ViewKey.of(1))).isEmpty();
		this.queries.release();
		await().until(() -> this.published.size() == 2);
		assertThat(this.queries.calls("select 1 + 1")).isOne();
		assertThat(body(1)).contains("\"rows\":[[10.50],[12]]");
	}

	@Test
	void panelWhoseIntervalAloneChangedKeepsItsResultUntilTheNextOne() {
		this.panels.with(TestPanels.panel(1, "select 1", Duration.ofHours(1)));
		CacheUpdater updater = started(4);
		await().until(() -> this.published.size() == 1);
		this.queries.hold();
		this.panels.with(TestPanels.panel(1, "select 1", Duration.ofMinutes(1)));
		updater.on(new PanelChanged(1, false));
		await().until(() -> this.queries.running() == 1);
		assertThat(this.cache.get(ViewKey.of(1))).isPresent();
		this.queries.release();
		await().until(() -> this.published.size() == 2);
		assertThat(this.queries.calls("select 1")).isEqualTo(2);
	}

	@Test
	void resultOfAQueryEditedWhileItRanIsDiscarded() {
		this.panels.with(TestPanels.panel(1, "select 1", Duration.ofHours(1)));
		this.queries.hold();
		CacheUpdater updater = started(4);
		await().until(() -> this.queries.running() == 1);
		this.panels.with(TestPanels.panel(1, "select 333", Duration.ofHours(1)));
		updater.on(new PanelChanged(1, false));
		// A round applies the edit now (the panel is busy, so it starts nothing): otherwise the
		// old query could finish before the scheduler's round and be stored as still current.
		assertThat(updater.tick(T0)).isZero();
		this.queries.release();
		await().untilAsserted(() -> {
			updater.tick(T0);
			assertThat(this.queries.calls("select 333")).isOne();
		});
		await().until(() -> this.published.size() == 1);
		assertThat(body(1)).contains("\"rows\":[[10.50],[10]]");
	}

	@Test
	void removedPanelIsForgottenWithItsResult() {
		this.panels.with(TestPanels.panel(1, "select 1", INTERVAL)).with(TestPanels.panel(2, "select 2", INTERVAL));
		CacheUpdater updater = started(4);
		await().until(() -> this.published.size() == 2);
		this.panels.remove(1);
		updater.on(new PanelChanged(1, true));
		assertThat(updater.knows(1)).isFalse();
		assertThat(this.cache.get(ViewKey.of(1))).isEmpty();
		assertThat(updater.tick(T0.plus(INTERVAL))).isOne();
		await().until(() -> this.queries.calls("select 2") == 2);
		assertThat(this.queries.calls("select 1")).isOne();
	}

	@Test
	void viewersOfAPanelWithoutResultTriggerExactlyOneRefresh() throws Exception {
		this.panels.with(TestPanels.panel(1, "select 1", Duration.ofHours(1)));
		CacheUpdater updater = started(4);
		await().until(() -> this.published.size() == 1);
		this.cache.remove(ViewKey.of(1));
		this.queries.hold();
		List<CompletableFuture<Void>> viewers = IntStream.range(0, 50)
			.mapToObj((i) -> CompletableFuture.runAsync(() -> updater.requestRefresh(ViewKey.of(1))))
			.toList();
		CompletableFuture.allOf(viewers.toArray(CompletableFuture[]::new)).get();
		await().until(() -> this.queries.running() == 1);
		updater.requestRefresh(ViewKey.of(1));
		this.queries.release();
		await().until(() -> this.published.size() == 2);
		assertThat(updater.tick(T0)).isZero();
		assertThat(this.queries.calls("select 1")).isEqualTo(2);
	}

	@Test
	void panelsThatCannotBeListedAtStartAreListedOnALaterRound() {
		this.panels.with(TestPanels.panel(1, "select 1", INTERVAL));
		// Down for as long as the test says: the scheduler's first round at start retries too.
		this.panels.failReads(Integer.MAX_VALUE);
		CacheUpdater updater = updater(4);
		updater.start();
		assertThat(updater.indexLoaded()).isFalse();
		assertThat(updater.tick(T0)).isZero();
		assertThat(updater.indexLoaded()).isFalse();
		this.panels.failReads(0);
		await().untilAsserted(() -> {
			updater.tick(T0);
			assertThat(this.published).hasSize(1);
		});
		assertThat(updater.indexLoaded()).isTrue();
		assertThat(updater.knows(1)).isTrue();
	}

	@Test
	void aChangeThatCannotBeReadYetIsAppliedOnALaterRound() {
		this.panels.with(TestPanels.panel(1, "select 1", Duration.ofHours(1)));
		CacheUpdater updater = started(4);
		await().until(() -> this.published.size() == 1);
		this.panels.with(TestPanels.panel(2, "select 2", Duration.ofHours(1)));
		this.panels.failReads(1);
		updater.on(new PanelChanged(2, false));
		await().untilAsserted(() -> {
			updater.tick(T0);
			assertThat(updater.knows(2)).isTrue();
		});
		await().until(() -> this.published.size() == 2);
		assertThat(this.queries.calls("select 2")).isOne();
	}

	@Test
	void restartWithAFreshStoredResultWaitsForItsInterval() {
		this.panels.with(TestPanels.panel(1, "select 1", Duration.ofMinutes(1)));
		this.cache.put(ViewKey.of(1),
				new ResultDocuments().ok(ViewKey.of(1), ScriptedQueries.rows(1), T0.minusSeconds(10), 1, Map.of()));
		CacheUpdater updater = started(4);
		assertThat(updater.tick(T0)).isZero();
		assertThat(updater.tick(T0.plusSeconds(50))).isOne();
		await().until(() -> this.published.size() == 1);
	}

	@Test
	void heartbeatCountsAndMeters() {
		this.panels.with(TestPanels.panel(1, "select 1", INTERVAL)).with(TestPanels.panel(2, "select 2", INTERVAL));
		this.queries.answer("select 2", () -> {
			throw new QueryTimedOut(Duration.ofSeconds(5));
		});
		CacheUpdater updater = started(4);
		await().until(() -> this.published.size() == 2);
		updater.tick(T0.plus(INTERVAL));
		await().until(() -> this.published.size() == 4);
		assertThat(updater.lastHeartbeat()).isEqualTo(T0.plus(INTERVAL));
		assertThat(updater.refreshes()).isEqualTo(4);
		assertThat(updater.failures()).isEqualTo(2);
		assertThat(this.meters.get("lookout.refreshes").tags("outcome", "success", "code", "OK").counter().count())
			.isEqualTo(2);
		assertThat(this.meters.get("lookout.refreshes").tags("outcome", "failure", "code", "QUERY_TIMEOUT").counter().count())
			.isEqualTo(2);
		assertThat(this.meters.get("lookout.refresh.duration").tag("outcome", "success").timer().count()).isEqualTo(2);
		assertThat(this.meters.get("lookout.refresh.oldest.result.age").gauge().value()).isZero();
	}

	@Test
	void stopInterruptsRunningQueriesEndsEveryThreadAndStoresNothing() {
		IntStream.rangeClosed(1, 5).forEach((id) -> this.panels.with(TestPanels.panel(id, "select " + id, INTERVAL)));
		this.queries.hold();
		CacheUpdater updater = started(3);
		await().until(() -> this.queries.running() == 3);
		assertThat(refreshThreadsNotIn(this.earlierThreads)).isNotEmpty();
		long started = System.nanoTime();
		updater.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
		assertThat(updater.isRunning()).isFalse();
		assertThat(this.queries.interrupted()).isEqualTo(3);
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(refreshThreadsNotIn(this.earlierThreads)).isEmpty());
		assertThat(this.published).isEmpty();
		assertThat(this.cache.get(ViewKey.of(1))).isEmpty();
		updater.stop();
	}

	@Test
	void aLeaseClaimNotYetAnsweredHoldsNeitherTheRoundNorTheChangesNorTheHeartbeat() {
		List<List<Long>> claimed = new CopyOnWriteArrayList<>();
		List<CompletableFuture<Map<ViewKey, Instant>>> answers = new CopyOnWriteArrayList<>();
		this.leases = (due, now) -> {
			claimed.add(due.stream().map(PanelView::panelId).toList());
			CompletableFuture<Map<ViewKey, Instant>> answer = new CompletableFuture<>();
			answers.add(answer);
			return answer;
		};
		this.panels.with(TestPanels.panel(1, "select 1", INTERVAL));
		CacheUpdater updater = started(4);
		await().until(() -> claimed.size() == 1);
		assertThat(updater.tick(T0.plusSeconds(1))).as("panel 1 waits for its claim, not claimed twice").isZero();
		assertThat(updater.lastHeartbeat()).isEqualTo(T0.plusSeconds(1));

		this.panels.with(TestPanels.panel(2, "select 2", INTERVAL));
		updater.on(new PanelChanged(2, false));
		await().until(() -> claimed.size() == 2);
		assertThat(claimed).containsExactly(List.of(1L), List.of(2L));
		assertThat(this.queries.calls("select 1") + this.queries.calls("select 2")).isZero();

		answers.forEach((answer) -> answer.complete(Map.of()));
		await().until(() -> this.published.size() == 2);
		assertThat(this.queries.calls("select 1")).isOne();
		assertThat(this.queries.calls("select 2")).isOne();
	}

	@Test
	void aPanelAnotherInstanceHoldsWaitsForThatLeaseAndShowsTheOthersResult() {
		Instant othersRun = T0.minusSeconds(10);
		this.cache.put(ViewKey.of(1), new ResultDocuments().ok(ViewKey.of(1), ScriptedQueries.rows(1), othersRun, 1, Map.of()));
		List<List<Long>> claimed = new CopyOnWriteArrayList<>();
		this.leases = (due, now) -> {
			claimed.add(due.stream().map(PanelView::panelId).toList());
			Map<ViewKey, Instant> heldElsewhere = (claimed.size() == 1) ? Map.of(ViewKey.of(1), T0.plusSeconds(3)) : Map.of();
			return CompletableFuture.completedFuture(heldElsewhere);
		};
		this.panels.with(TestPanels.panel(1, "select 1", INTERVAL)).with(TestPanels.panel(2, "select 2", INTERVAL));
		CacheUpdater updater = started(4);
		await().until(() -> this.published.size() == 1);
		assertThat(this.published.get(0).panelId()).isEqualTo(2);
		assertThat(claimed.get(0)).containsExactlyInAnyOrder(1L, 2L);
		await().untilAsserted(() -> assertThat(updater.freshness())
			.contains(new PanelFreshness(1, INTERVAL, othersRun, null)));
		assertThat(this.queries.calls("select 1")).isZero();

		assertThat(updater.tick(T0.plusSeconds(2))).isZero();
		assertThat(updater.tick(T0.plusSeconds(3))).isOne();
		await().until(() -> this.published.size() == 2);
		assertThat(this.queries.calls("select 1")).isOne();
	}

	private CacheUpdater started(int concurrency) {
		CacheUpdater updater = updater(concurrency);
		updater.start();
		return updater;
	}

	/** Rounds every hour: after the first one at start, the test runs them. */
	private CacheUpdater updater(int concurrency) {
		CacheUpdater updater = new CacheUpdater(this.panels, this.queries, this.cache, new ResultDocuments(),
				(event) -> {
					if (event instanceof PanelRefreshed refreshed) {
						this.published.add(refreshed);
					}
				}, this.leases, new RefreshSettings(concurrency, Duration.ofHours(1), 1000, 3, Duration.ofSeconds(30)),
				Clock.fixed(T0, ZoneOffset.UTC), ZoneId.of("UTC"), this.meters);
		this.updaters.add(updater);
		return updater;
	}

	private JsonNode document(long panelId) {
		return json.readTree(body(panelId));
	}

	/** The stored text, where decimals are exactly as served (a parsed tree would turn 10.50 into 10.5). */
	private String body(long panelId) {
		return new String(this.cache.get(ViewKey.of(panelId)).orElseThrow().body(), StandardCharsets.UTF_8);
	}

	/** Names of the live threads of an updater, except those in {@code earlier}. */
	static List<String> refreshThreadsNotIn(Set<Thread> earlier) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !earlier.contains(thread))
			.map(Thread::getName)
			.filter((name) -> name.startsWith(RefreshWorkers.THREAD_PREFIX))
			.toList();
	}

}
