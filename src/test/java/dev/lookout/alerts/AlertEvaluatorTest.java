package dev.lookout.alerts;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.lookout.database.ApplicationDatabase;
import dev.lookout.refresh.PanelRefreshed;
import dev.lookout.refresh.PanelResults;
import dev.lookout.refresh.ViewKey;
import dev.lookout.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The evaluator without threads: it carries on from the state stored by another instance, writes
 * each change with its announcement, and while the application database is down keeps evaluating,
 * holds the changes in memory up to its bound (dropping the oldest, counted) and writes the rest in
 * order once the database is back.
 */
class AlertEvaluatorTest {

	private static final long PANEL = 7;

	private final MutableClock clock = new MutableClock();

	private final AlertRules rules = mock(AlertRules.class);

	private final PanelResults results = mock(PanelResults.class);

	private final ApplicationDatabase database = mock(ApplicationDatabase.class);

	private final List<AlertTransitioned> announced = new ArrayList<>();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final AtomicLong transitionIds = new AtomicLong();

	private AlertEvaluator evaluator;

	private long version;

	@BeforeEach
	void evaluator() {
		when(this.database.available()).thenReturn(true);
		when(this.rules.exists(anyLong())).thenReturn(true);
		when(this.rules.insertTransition(anyLong(), any(), any(), anyString(), any()))
			.thenAnswer((call) -> this.transitionIds.incrementAndGet());
		this.evaluator = new AlertEvaluator(this.rules, this.results, this.database,
				new TransactionTemplate(mock(PlatformTransactionManager.class)), (event) -> {
					if (event instanceof AlertTransitioned transitioned) {
						this.announced.add(transitioned);
					}
				}, this.clock, new AlertSettings(2), this.meters);
	}

	@Test
	void carriesOnFromTheStateAnotherInstanceStored() {
		AlertRule rule = rule(null);
		when(this.rules.all()).thenReturn(List.of(rule));
		when(this.rules.standings(List.of(1L)))
			.thenReturn(Map.of(1L, new Standing(AlertState.FIRING, this.clock.instant(), null, "170")));
		this.evaluator.reload();
		refresh(150);
		assertThat(this.announced).isEmpty();
		verify(this.rules, never()).insertTransition(anyLong(), any(), any(), anyString(), any());
	}

	@Test
	void writesEachTransitionWithItsAnnouncementAndNoChannelsWhileSilenced() {
		AlertRule rule = rule(this.clock.instant().plusSeconds(3600));
		when(this.rules.all()).thenReturn(List.of(rule));
		this.evaluator.reload();
		refresh(150);
		assertThat(this.announced).singleElement().satisfies((t) -> {
			assertThat(t.from() + ">" + t.to() + ":" + t.value()).isEqualTo("OK>FIRING:150");
			assertThat(t.transitionId()).isEqualTo(1);
			assertThat(t.channelIds()).as("silenced").isEmpty();
			assertThat(t.dashboardSlug()).isEqualTo("ops");
		});
		verify(this.rules).saveStanding(eq(1L), any(), any());
		assertThat(this.meters.get("lookout.alerts").tag("state", "FIRING").gauge().value()).isEqualTo(1);
	}

	@Test
	void whileTheDatabaseIsDownChangesWaitInOrderUpToTheBoundThenAreWritten() {
		AlertRule rule = rule(null);
		when(this.rules.all()).thenReturn(List.of(rule));
		this.evaluator.reload();
		refresh(150);
		assertThat(this.announced).hasSize(1);

		when(this.database.available()).thenReturn(false);
		refresh(50);
		refresh(160);
		refresh(40);
		assertThat(this.evaluator.pendingWrites()).isEqualTo(2);
		assertThat(this.evaluator.dropped()).isEqualTo(1);
		assertThat(this.meters.get("lookout.alerts.dropped").counter().count()).isEqualTo(1);
		assertThat(this.evaluator.known(1).orElseThrow().state()).as("evaluation went on").isEqualTo(AlertState.OK);
		this.evaluator.flush();
		assertThat(this.announced).hasSize(1);

		when(this.database.available()).thenReturn(true);
		this.evaluator.flush();
		assertThat(this.evaluator.pendingWrites()).isZero();
		assertThat(this.announced).extracting((t) -> t.from() + ">" + t.to() + ":" + t.value())
			.containsExactly("OK>FIRING:150", "OK>FIRING:160", "FIRING>OK:40");
		verify(this.rules, times(3)).insertTransition(anyLong(), any(), any(), anyString(), any());
	}

	@Test
	void aFailedWriteWaitsAndIsRetried() {
		AlertRule rule = rule(null);
		when(this.rules.all()).thenReturn(List.of(rule));
		this.evaluator.reload();
		when(this.rules.exists(1L)).thenThrow(new IllegalStateException("connection refused")).thenReturn(true);
		refresh(150);
		assertThat(this.announced).isEmpty();
		assertThat(this.evaluator.pendingWrites()).isEqualTo(1);
		this.evaluator.flush();
		assertThat(this.announced).extracting(AlertTransitioned::to).containsExactly("FIRING");
	}

	private void refresh(int value) {
		this.clock.advance(java.time.Duration.ofSeconds(5));
		this.version++;
		String document = "{\"status\":\"ok\",\"asOf\":\"" + this.clock.instant() + "\",\"columns\":[{\"name\":\"v\"}],"
				+ "\"rows\":[[" + value + "]],\"stale\":false,\"resultVersion\":" + this.version + "}";
		when(this.results.current(ViewKey.of(PANEL), this.version)).thenReturn(Optional.of(
				new PanelResults.PanelResult(ViewKey.of(PANEL), this.version, document.getBytes(StandardCharsets.UTF_8))));
		this.evaluator.evaluate(new PanelRefreshed(ViewKey.of(PANEL), "ops", this.version, this.clock.instant(), false));
	}

	private AlertRule rule(Instant silencedUntil) {
		return new AlertRule(1, "high", PANEL, Map.of(),
				new Condition(Condition.Type.VALUE, "v", ">", new BigDecimal("100"), null, null), 0, 0,
				AlertState.NO_DATA, AlertState.ERROR, List.of(5L), silencedUntil, 1, this.clock.instant(), "ed",
				this.clock.instant(), "ed");
	}

}
