package dev.lookout.refresh;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One refresh on the caller's thread, without workers or scheduler: what it stores, when it
 * stores nothing, and what it announces. The outcomes' documents and metrics are proven through
 * the updater in {@code CacheUpdaterTest}.
 */
class PanelRefresherTest {

	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private final MutableClock clock = new MutableClock();

	private final ScriptedQueries queries = new ScriptedQueries();

	private final InMemoryResultCache cache = new InMemoryResultCache();

	private final RefreshSchedule schedule = new RefreshSchedule();

	private final List<Object> published = new CopyOnWriteArrayList<>();

	private final PanelRefresher refresher = new PanelRefresher(this.queries, this.cache, new ResultDocuments(),
			this.published::add, this.schedule, this.clock, ZoneId.of("UTC"), new SimpleMeterRegistry());

	@Test
	void storesTheResultWithAVersionNeverBelowTheWallClockAndAnnouncesOnlyWhenTold() {
		PanelView view = scheduled(TestPanels.panel(1, "select 1", INTERVAL));
		this.cache.put(ViewKey.of(1),
				new ResultDocuments().ok(ViewKey.of(1), ScriptedQueries.rows(1), this.clock.instant(), 5, Map.of()));
		this.clock.advance(Duration.ofSeconds(1));
		StoredResult stored = this.refresher.refresh(view, () -> false).orElseThrow();
		assertThat(this.cache.get(ViewKey.of(1))).containsSame(stored);
		assertThat(stored.resultVersion()).isEqualTo(this.clock.millis());
		assertThat(stored.asOf()).isEqualTo(this.clock.instant());
		assertThat(this.schedule.freshness().get(0).asOf()).isEqualTo(this.clock.instant());
		assertThat(this.refresher.refreshes()).isOne();
		assertThat(this.published).isEmpty();

		this.refresher.announce(view, stored);
		assertThat(this.published).containsExactly(
				new PanelRefreshed(ViewKey.of(1), TestPanels.SLUG, stored.resultVersion(), stored.asOf(), false));
	}

	@Test
	void aRefreshEndedByAStopStoresNothing() {
		PanelView view = scheduled(TestPanels.panel(1, "select 1", INTERVAL));
		assertThat(this.refresher.refresh(view, () -> true)).isEmpty();
		assertThat(this.queries.calls("select 1")).isOne();
		assertThat(this.cache.get(ViewKey.of(1))).isEmpty();
	}

	@Test
	void theResultOfAQueryEditedOrRemovedWhileItRanIsNotStored() {
		PanelView edited = scheduled(TestPanels.panel(1, "select 1", INTERVAL));
		this.schedule.edit(TestPanels.panel(1, "select 333", INTERVAL));
		assertThat(this.refresher.refresh(edited, () -> false)).isEmpty();
		PanelView removed = scheduled(TestPanels.panel(2, "select 2", INTERVAL));
		this.schedule.remove(2);
		assertThat(this.refresher.refresh(removed, () -> false)).isEmpty();
		assertThat(this.cache.get(ViewKey.of(1))).isEmpty();
		assertThat(this.cache.get(ViewKey.of(2))).isEmpty();
	}

	@Test
	void aFailingListenerDoesNotEscape() {
		PanelRefresher refresher = new PanelRefresher(this.queries, this.cache, new ResultDocuments(), (event) -> {
			throw new IllegalStateException("listener down");
		}, this.schedule, this.clock, ZoneId.of("UTC"), new SimpleMeterRegistry());
		PanelView view = scheduled(TestPanels.panel(1, "select 1", INTERVAL));
		StoredResult stored = refresher.refresh(view, () -> false).orElseThrow();
		refresher.announce(view, stored);
		assertThat(this.cache.get(ViewKey.of(1))).contains(stored);
	}

	private PanelView scheduled(PanelSpec spec) {
		this.schedule.add(spec, Optional.empty());
		return PanelView.defaultOf(spec);
	}

}
