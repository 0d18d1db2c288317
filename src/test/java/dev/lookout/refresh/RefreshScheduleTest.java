package dev.lookout.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.dashboards.Sharing;
import dev.lookout.refresh.ResultDocuments.LastError;
import dev.lookout.testsupport.MutableClock;
import dev.lookout.variables.Variables;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The schedule alone: a clock moved by the test, no thread, no cache; what is due when. */
class RefreshScheduleTest {

	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private final MutableClock clock = new MutableClock();

	private final RefreshSchedule schedule = new RefreshSchedule();

	private final ResultDocuments documents = new ResultDocuments();

	@Test
	void newPanelIsDueAtOnceThenOneIntervalAfterItsStartAndNotBefore() {
		this.schedule.add(panel(1, "select 1", INTERVAL), Optional.empty());
		assertThat(ids(this.schedule.startDue(now(), 4))).containsExactly(1L);
		this.schedule.finished(ViewKey.of(1));

		this.clock.advance(INTERVAL.minusMillis(1));
		assertThat(this.schedule.startDue(now(), 4)).isEmpty();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(ids(this.schedule.startDue(now(), 4))).containsExactly(1L);
	}

	@Test
	void aRunningPanelIsNeverDueHoweverLongItRuns() {
		this.schedule.add(panel(1, "select 1", INTERVAL), Optional.empty());
		this.schedule.startDue(now(), 4);
		assertThat(this.schedule.dueAt(ViewKey.of(1))).contains(Instant.MAX);
		this.clock.advance(INTERVAL.multipliedBy(10));
		assertThat(this.schedule.startDue(now(), 4)).isEmpty();
		this.schedule.finished(ViewKey.of(1));
		assertThat(ids(this.schedule.startDue(now(), 4))).containsExactly(1L);
	}

	@Test
	void mostOverdueFirstAndNoMoreThanTheFreeWorkers() {
		this.schedule.add(panel(1, "select 1", Duration.ofSeconds(30)), Optional.empty());
		this.schedule.add(panel(2, "select 2", Duration.ofSeconds(10)), Optional.empty());
		this.schedule.add(panel(3, "select 3", Duration.ofSeconds(20)), Optional.empty());
		List<PanelView> first = this.schedule.startDue(now(), 3);
		first.forEach((view) -> this.schedule.finished(view.key()));

		this.clock.advance(Duration.ofSeconds(30));
		assertThat(ids(this.schedule.startDue(now(), 2))).containsExactly(2L, 3L);
		assertThat(ids(this.schedule.startDue(now(), 2))).containsExactly(1L);
		assertThat(this.schedule.startDue(now(), 0)).isEmpty();
	}

	@Test
	void aFailedRefreshIsRetriedOnItsIntervalWithoutBackoff() {
		PanelSpec spec = panel(1, "select 1", INTERVAL);
		this.schedule.add(spec, Optional.empty());
		this.schedule.startDue(now(), 1);
		assertThat(this.schedule.record(PanelView.defaultOf(spec), failed(1, Optional.empty()), () -> {
		})).isTrue();
		this.schedule.finished(ViewKey.of(1));
		assertThat(this.schedule.dueAt(ViewKey.of(1))).contains(now().plus(INTERVAL));
	}

	@Test
	void aStoredGoodResultYoungerThanTheIntervalDelaysTheFirstRunAndAPendingOneDoesNot() {
		Instant tenSecondsAgo = now().minusSeconds(10);
		this.schedule.add(panel(1, "select 1", Duration.ofMinutes(1)),
				Optional.of(this.documents.ok(ViewKey.of(1), ScriptedQueries.rows(1), tenSecondsAgo, 1, Map.of())));
		this.schedule.add(panel(2, "select 2", Duration.ofMinutes(1)), Optional.of(failed(2, Optional.empty())));
		assertThat(this.schedule.dueAt(ViewKey.of(1))).contains(tenSecondsAgo.plus(Duration.ofMinutes(1)));
		assertThat(ids(this.schedule.startDue(now(), 4))).containsExactly(2L);
		assertThat(this.schedule.freshness()).containsExactly(
				new PanelFreshness(1, Duration.ofMinutes(1), tenSecondsAgo, null),
				new PanelFreshness(2, Duration.ofMinutes(1), null, "QUERY_TIMEOUT"));
	}

	@Test
	void addingAKnownPanelKeepsItsPlace() {
		this.schedule.add(panel(1, "select 1", INTERVAL), Optional.empty());
		this.schedule.startDue(now(), 1);
		this.schedule.add(panel(1, "select 1", INTERVAL), Optional.empty());
		assertThat(this.schedule.dueAt(ViewKey.of(1))).contains(Instant.MAX);
	}

	@Test
	void anEditIsDueAtOnceAndDropsTheResultOnlyWhenTheQueryChanged() {
		PanelSpec original = panel(1, "select 1", Duration.ofHours(1));
		this.schedule.add(original, Optional.empty());
		this.schedule.startDue(now(), 1);
		this.schedule.record(PanelView.defaultOf(original), good(1), () -> {
		});
		this.schedule.finished(ViewKey.of(1));

		assertThat(this.schedule.edit(panel(1, "select 1", Duration.ofMinutes(1)))).isEmpty();
		assertThat(this.schedule.dueAt(ViewKey.of(1))).contains(Instant.MIN);
		assertThat(this.schedule.freshness().get(0).asOf()).isEqualTo(now());
		assertThat(this.schedule.freshness().get(0).interval()).isEqualTo(Duration.ofMinutes(1));

		this.schedule.startDue(now(), 1);
		this.schedule.finished(ViewKey.of(1));
		assertThat(this.schedule.edit(panel(1, "select 2", Duration.ofMinutes(1)))).containsExactly(ViewKey.of(1));
		assertThat(this.schedule.dueAt(ViewKey.of(1))).contains(Instant.MIN);
		assertThat(this.schedule.freshness()).containsExactly(new PanelFreshness(1, Duration.ofMinutes(1), null, null));
	}

	@Test
	void anEditOfAnUnknownPanelAddsIt() {
		assertThat(this.schedule.edit(panel(7, "select 7", INTERVAL))).isEmpty();
		assertThat(this.schedule.knows(7)).isTrue();
		assertThat(ids(this.schedule.startDue(now(), 1))).containsExactly(7L);
	}

	@Test
	void aResultIsRecordedAndStoredOnlyWhileItsQueryIsCurrent() {
		PanelSpec original = panel(1, "select 1", INTERVAL);
		this.schedule.add(original, Optional.empty());
		this.schedule.startDue(now(), 1);
		this.schedule.edit(panel(1, "select 333", INTERVAL));
		List<String> stored = new ArrayList<>();
		assertThat(this.schedule.record(PanelView.defaultOf(original), good(1), () -> stored.add("old"))).isFalse();
		assertThat(stored).isEmpty();
		assertThat(this.schedule.freshness().get(0).asOf()).isNull();

		PanelSpec sameQueryOtherInterval = panel(1, "select 333", Duration.ofHours(1));
		assertThat(this.schedule.record(PanelView.defaultOf(sameQueryOtherInterval), good(1), () -> stored.add("new"))).isTrue();
		assertThat(stored).containsExactly("new");
	}

	@Test
	void aRemovedPanelIsForgottenAndItsRunningRefreshNotRecorded() {
		PanelSpec spec = panel(1, "select 1", INTERVAL);
		this.schedule.add(spec, Optional.empty());
		this.schedule.startDue(now(), 1);
		assertThat(this.schedule.remove(1)).containsExactly(ViewKey.of(1));
		assertThat(this.schedule.remove(1)).isEmpty();
		assertThat(this.schedule.record(PanelView.defaultOf(spec), good(1), () -> {
			throw new AssertionError("stored a removed panel's result");
		})).isFalse();
		this.schedule.finished(ViewKey.of(1));
		assertThat(this.schedule.knows(1)).isFalse();
		assertThat(this.schedule.dueAt(ViewKey.of(1))).isEmpty();
		assertThat(this.schedule.freshness()).isEmpty();
		assertThat(this.schedule.startDue(now(), 4)).isEmpty();
	}

	@Test
	void aPanelHeldElsewhereIsDueWhenThatLeaseEndsAndShowsTheOthersResult() {
		this.schedule.add(panel(1, "select 1", INTERVAL), Optional.empty());
		this.schedule.startDue(now(), 1);
		Instant leaseEnds = now().plusSeconds(3);
		Instant othersRun = now().minusSeconds(2);
		this.schedule.heldElsewhereUntil(ViewKey.of(1), leaseEnds,
				Optional.of(this.documents.ok(ViewKey.of(1), ScriptedQueries.rows(1), othersRun, 9, Map.of())));
		assertThat(this.schedule.dueAt(ViewKey.of(1))).contains(leaseEnds);
		assertThat(this.schedule.freshness()).containsExactly(new PanelFreshness(1, INTERVAL, othersRun, null));

		this.clock.advance(Duration.ofSeconds(3));
		this.schedule.startDue(now(), 1);
		StoredResult othersFailure = failed(1,
				Optional.of(this.documents.ok(ViewKey.of(1), ScriptedQueries.rows(1), othersRun, 9, Map.of())));
		this.schedule.heldElsewhereUntil(ViewKey.of(1), now().plus(INTERVAL), Optional.of(othersFailure));
		assertThat(this.schedule.freshness()).containsExactly(new PanelFreshness(1, INTERVAL, othersRun, "QUERY_TIMEOUT"));

		this.schedule.heldElsewhereUntil(ViewKey.of(42), now(), Optional.empty());
		assertThat(this.schedule.knows(42)).isFalse();
	}

	@Test
	void aRefreshRequestMakesAPanelDueOnceAndNeverOneRunningOrAlreadyDue() {
		this.schedule.add(panel(1, "select 1", Duration.ofHours(1)), Optional.empty());
		assertThat(this.schedule.requestRefresh(ViewKey.of(1), now())).as("already due").isFalse();
		this.schedule.startDue(now(), 1);
		assertThat(this.schedule.requestRefresh(ViewKey.of(1), now())).as("running").isFalse();
		this.schedule.finished(ViewKey.of(1));

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.schedule.requestRefresh(ViewKey.of(1), now())).isTrue();
		assertThat(this.schedule.dueAt(ViewKey.of(1))).contains(Instant.MIN);
		assertThat(this.schedule.requestRefresh(ViewKey.of(1), now())).as("asked already").isFalse();
		assertThat(this.schedule.requestRefresh(ViewKey.of(99), now())).as("unknown").isFalse();
		assertThat(ids(this.schedule.startDue(now(), 4))).containsExactly(1L);
	}

	@Test
	void queriesChangeNothing() {
		this.schedule.add(panel(1, "select 1", INTERVAL), Optional.empty());
		this.schedule.dueAt(ViewKey.of(1));
		this.schedule.freshness();
		this.schedule.panelsOf(TestPanels.SLUG);
		this.schedule.knows(1);
		this.schedule.oldestResult();
		assertThat(this.schedule.dueAt(ViewKey.of(1))).contains(Instant.MIN);
		assertThat(ids(this.schedule.startDue(now(), 4))).containsExactly(1L);
	}

	@Test
	void panelsOfADashboardAndTheOldestResult() {
		this.schedule.add(panel(2, "select 2", INTERVAL), Optional.empty());
		this.schedule.add(panel(1, "select 1", INTERVAL), Optional.empty());
		this.schedule.add(new PanelSpec(3, 2, "other", 10, "select 3", INTERVAL, 1, Variables.NONE, List.of(),
				Sharing.ROLES), Optional.empty());
		assertThat(this.schedule.panelsOf(TestPanels.SLUG)).containsExactly(1L, 2L);
		assertThat(this.schedule.panelsOf("none")).isEmpty();
		assertThat(this.schedule.oldestResult()).isEmpty();

		List<PanelView> started = this.schedule.startDue(now(), 3);
		Instant first = now();
		this.schedule.record(started.get(0), good(started.get(0).panelId()), () -> {
		});
		this.clock.advance(Duration.ofSeconds(2));
		this.schedule.record(started.get(1), good(started.get(1).panelId()), () -> {
		});
		assertThat(this.schedule.oldestResult()).contains(first);
	}

	private Instant now() {
		return this.clock.instant();
	}

	private StoredResult good(long panelId) {
		return this.documents.ok(ViewKey.of(panelId), ScriptedQueries.rows(1), now(), now().toEpochMilli(), Map.of());
	}

	private StoredResult failed(long panelId, Optional<StoredResult> previous) {
		return this.documents.failed(ViewKey.of(panelId), previous, new LastError("QUERY_TIMEOUT", "timed out", now()),
				now().toEpochMilli() + 1);
	}

	private static PanelSpec panel(long id, String sql, Duration interval) {
		return TestPanels.panel(id, sql, interval);
	}

	private static List<Long> ids(List<PanelView> views) {
		return views.stream().map(PanelView::panelId).toList();
	}

}
