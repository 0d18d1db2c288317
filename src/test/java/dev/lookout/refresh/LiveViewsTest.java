package dev.lookout.refresh;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.testsupport.MutableClock;
import dev.lookout.variables.ChosenValues;
import dev.lookout.variables.TimeRange;
import dev.lookout.variables.ValueType;
import dev.lookout.variables.Variable;
import dev.lookout.variables.VariableType;
import dev.lookout.variables.Variables;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Views with chosen values in the schedule, with a clock moved by the test: a watched view is
 * refreshed on its panel's interval, one nobody watches is dropped after its keep time (and its
 * copy released), the cap refuses a new one with OVERLOADED, and an edit of the query drops the
 * views whose results it makes wrong.
 */
class LiveViewsTest {

	private static final Duration INTERVAL = Duration.ofSeconds(5);

	private static final Variables REGION = new Variables(List.of(new Variable("region", "Region", VariableType.LIST,
			false, ValueType.TEXT, List.of("EU", "US", "APAC"), null, false, List.of("EU"))),
			new TimeRange("Time range", "now-1h", "now"));

	private final MutableClock clock = new MutableClock();

	private final RefreshSchedule schedule = new RefreshSchedule();

	private final InMemoryResultCache cache = new InMemoryResultCache();

	/** Two chosen views at most; kept 3 intervals (15 s), at least 10 s. */
	private final LiveViews views = new LiveViews(this.schedule, this.cache,
			new RefreshSettings(4, Duration.ofMillis(500), 2, 3, Duration.ofSeconds(10)), this.clock,
			new SimpleMeterRegistry());

	private final PanelSpec byRegion = panel(1, "SELECT count(*) FROM orders WHERE region = :region");

	@Test
	void aWatchedViewIsRefreshedOnItsPanelsIntervalBesideTheDefaultView() {
		this.schedule.add(this.byRegion, Optional.empty());
		PanelView us = view(this.byRegion, "US");
		assertThat(this.views.watch(List.of(us))).isTrue();
		assertThat(keys(this.schedule.startDue(this.clock.instant(), 10))).containsExactly(ViewKey.of(1), us.key());
		finish(ViewKey.of(1), us.key());

		this.clock.advance(INTERVAL);
		this.views.watch(List.of(us));
		assertThat(keys(this.schedule.startDue(this.clock.instant(), 10))).containsExactly(ViewKey.of(1), us.key());
		assertThat(this.schedule.chosenViews()).isEqualTo(1);
	}

	@Test
	void valuesEqualToTheDefaultsAreTheDefaultViewAndAddNothing() {
		this.schedule.add(this.byRegion, Optional.empty());
		PanelView eu = view(this.byRegion, "EU");
		assertThat(eu.key()).isEqualTo(ViewKey.of(1));
		assertThat(this.views.watch(List.of(eu))).isFalse();
		assertThat(this.schedule.chosenViews()).isZero();
	}

	@Test
	void aViewNobodyWatchesIsDroppedAfterItsKeepTimeWithItsCopy() {
		this.schedule.add(this.byRegion, Optional.empty());
		PanelView us = view(this.byRegion, "US");
		this.views.watch(List.of(us));
		this.cache.put(us.key(), new ResultDocuments().pending(us.key()));

		this.clock.advance(INTERVAL.multipliedBy(3).minusMillis(1));
		this.views.expire(this.clock.instant());
		assertThat(this.schedule.chosenViews()).isEqualTo(1);
		this.clock.advance(Duration.ofMillis(1));
		this.views.expire(this.clock.instant());
		assertThat(this.schedule.chosenViews()).isZero();
		assertThat(this.cache.get(us.key())).isEmpty();
		assertThat(keys(this.schedule.startDue(this.clock.instant(), 10))).containsExactly(ViewKey.of(1));
	}

	@Test
	void aViewBeingRefreshedStaysUntilItsRunEnds() {
		this.schedule.add(this.byRegion, Optional.empty());
		PanelView us = view(this.byRegion, "US");
		this.views.watch(List.of(us));
		this.schedule.startDue(this.clock.instant(), 10);
		this.clock.advance(Duration.ofMinutes(1));
		this.views.expire(this.clock.instant());
		assertThat(this.schedule.chosenViews()).isEqualTo(1);
		this.schedule.finished(us.key());
		this.views.expire(this.clock.instant());
		assertThat(this.schedule.chosenViews()).isZero();
	}

	@Test
	void beyondTheCapANewViewIsRefusedButAKnownOneIsKept() {
		this.schedule.add(this.byRegion, Optional.empty());
		PanelView us = view(this.byRegion, "US");
		this.views.watch(List.of(us));
		this.views.watch(List.of(view(this.byRegion, "APAC")));
		PanelView third = new PanelView(this.byRegion, new ViewKey(1, "other"), new TreeMap<>(
				Map.of("region", List.of("XX"))));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.views.watch(List.of(third)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.OVERLOADED))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isPresent())
			.withMessageContaining("MAX_LIVE_VIEWS");
		assertThat(this.views.watch(List.of(us))).isFalse();
		assertThat(this.schedule.chosenViews()).isEqualTo(2);
	}

	@Test
	void aChoiceThatDoesNotFitWhollyAddsNone() {
		PanelSpec other = panel(2, "SELECT sum(amount) FROM orders WHERE region = :region");
		this.schedule.add(this.byRegion, Optional.empty());
		this.schedule.add(other, Optional.empty());
		this.views.watch(List.of(view(this.byRegion, "US")));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.views.watch(List.of(view(this.byRegion, "APAC"), view(other, "APAC"))))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.OVERLOADED));
		assertThat(this.schedule.chosenViews()).isEqualTo(1);
		assertThat(this.views.watch(List.of(view(this.byRegion, "APAC")))).isTrue();
		assertThat(this.schedule.chosenViews()).isEqualTo(2);
	}

	@Test
	void anEditOfTheQueryDropsItsChosenViewsAndAnEditOfTheIntervalKeepsThem() {
		this.schedule.add(this.byRegion, Optional.empty());
		PanelView us = view(this.byRegion, "US");
		this.views.watch(List.of(us));

		PanelSpec slower = TestPanels.panel(1, this.byRegion.sql(), Duration.ofSeconds(60), 2, REGION,
				List.of("region"));
		assertThat(this.schedule.edit(slower)).isEmpty();
		assertThat(this.schedule.chosenViews()).isEqualTo(1);

		PanelSpec otherSql = TestPanels.panel(1, "SELECT 1 WHERE :region IS NOT NULL",
				Duration.ofSeconds(60), 3, REGION, List.of("region"));
		assertThat(this.schedule.edit(otherSql)).containsExactlyInAnyOrder(ViewKey.of(1), us.key());
		assertThat(this.schedule.chosenViews()).isZero();
	}

	@Test
	void aViewMadeFromAnOlderDefinitionIsNotAdded() {
		this.schedule.add(this.byRegion, Optional.empty());
		PanelSpec edited = TestPanels.panel(1, "SELECT 2 WHERE :region IS NOT NULL", INTERVAL, 2, REGION,
				List.of("region"));
		this.schedule.edit(edited);
		assertThat(this.views.watch(List.of(view(this.byRegion, "US")))).isFalse();
		assertThat(this.schedule.chosenViews()).isZero();
	}

	private PanelView view(PanelSpec spec, String region) {
		ChosenValues chosen = ChosenValues.of(spec.variables(), Map.of("region", List.of(region)),
				(name) -> Optional.empty(), this.clock, ZoneOffset.UTC);
		return PanelView.of(spec, chosen);
	}

	private void finish(ViewKey... keys) {
		for (ViewKey key : keys) {
			this.schedule.finished(key);
		}
	}

	private static List<ViewKey> keys(List<PanelView> views) {
		return views.stream().map(PanelView::key).toList();
	}

	private static PanelSpec panel(long id, String sql) {
		return TestPanels.panel(id, sql, INTERVAL, 1, REGION, List.of("region"));
	}

}
