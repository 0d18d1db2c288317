package dev.lookout.alerts;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.lookout.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The state machine and the conditions, on a fake clock, refresh by refresh. */
class AlertStateMachineTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final MutableClock clock = new MutableClock();

	private final AlertStateMachine machine = new AlertStateMachine(this.clock);

	private final List<String> transitions = new ArrayList<>();

	private Standing standing = Standing.initial(this.clock.instant());

	@Test
	void aValueAboveTheThresholdIsPendingThenFiresAfterItsForDurationAndResolvesAfterItsResolveDelay() {
		AlertRule rule = rule(value(">", "100"), 6, 10);
		refresh(rule, result(50));
		assertThat(this.standing.state()).isEqualTo(AlertState.OK);
		refresh(rule, result(150));
		assertThat(this.standing.state()).isEqualTo(AlertState.PENDING);
		assertThat(this.standing.value()).isEqualTo("150");
		refresh(rule, result(160));
		assertThat(this.standing.state()).as("5 s held, for is 6 s").isEqualTo(AlertState.PENDING);
		refresh(rule, result(170));
		assertThat(this.standing.state()).isEqualTo(AlertState.FIRING);
		assertThat(this.standing.value()).isEqualTo("170");
		refresh(rule, result(90));
		refresh(rule, result(90));
		assertThat(this.standing.state()).as("5 s clear, resolve after 10 s").isEqualTo(AlertState.FIRING);
		refresh(rule, result(90));
		assertThat(this.standing.state()).isEqualTo(AlertState.OK);
		assertThat(this.transitions).containsExactly("OK>PENDING:150", "PENDING>FIRING:170", "FIRING>OK:90");
	}

	@Test
	void pendingReturnsToOkWhenTheConditionStopsHoldingBeforeItsForDuration() {
		AlertRule rule = rule(value(">", "100"), 30, 0);
		refresh(rule, result(150));
		refresh(rule, result(20));
		assertThat(this.transitions).containsExactly("OK>PENDING:150", "PENDING>OK:20");
	}

	@Test
	void forZeroFiresAtOnceAndResolveZeroResolvesAtOnce() {
		AlertRule rule = rule(value(">=", "100"), 0, 0);
		refresh(rule, result(100));
		refresh(rule, result(99.5));
		assertThat(this.transitions).containsExactly("OK>FIRING:100", "FIRING>OK:99.5");
	}

	@Test
	void aValueThatFlapsEveryRefreshFiresOnce() {
		AlertRule rule = rule(value(">", "100"), 0, 30);
		for (int i = 0; i < 20; i++) {
			refresh(rule, result((i % 2 == 0) ? 150 : 50));
		}
		assertThat(this.transitions).containsExactly("OK>FIRING:150");
		for (int i = 0; i < 7; i++) {
			refresh(rule, result(50));
		}
		assertThat(this.transitions).containsExactly("OK>FIRING:150", "FIRING>OK:50");
	}

	@Test
	void anyOrAllRows() {
		AlertRule any = rule(value(">", "100"), 0, 0);
		AlertRule all = rule(new Condition(Condition.Type.VALUE, "v", ">", new BigDecimal("100"), Condition.Match.ALL, null), 0, 0);
		JsonNode mixed = document("ok", false, null, List.of(List.of(50), List.of(150)));
		assertThat(Conditions.evaluate(any, mixed, this.clock.instant())).isEqualTo(Outcome.holds("150"));
		assertThat(Conditions.evaluate(all, mixed, this.clock.instant())).isEqualTo(Outcome.clear("50"));
	}

	@Test
	void aMissingColumnOrACellThatIsNoNumberIsAnErrorWithItsReason() {
		AlertRule missing = rule(new Condition(Condition.Type.VALUE, "nope", ">", BigDecimal.ONE, null, null), 0, 0);
		refresh(missing, result(5));
		assertThat(this.transitions).containsExactly("OK>ERROR:column 'nope' is not in the result");
		this.transitions.clear();
		this.standing = Standing.initial(this.clock.instant());
		AlertRule rule = rule(value(">", "1"), 0, 0);
		refresh(rule, document("ok", false, null, List.of(List.of("high"))));
		assertThat(this.transitions).containsExactly("OK>ERROR:column 'v' has a value that is not a number: \"high\"");
		refresh(rule, result(0));
		assertThat(this.transitions).last().isEqualTo("ERROR>OK:0");
	}

	@Test
	void aFailingQueryIsErrorOrNoDataAsTheRuleSaysNeverASilentOk() {
		refresh(rule(value(">", "100"), 0, 0), failing());
		assertThat(this.transitions).containsExactly("OK>ERROR:DATASOURCE_UNAVAILABLE");
		this.transitions.clear();
		this.standing = Standing.initial(this.clock.instant());
		refresh(withChoices(rule(value(">", "100"), 0, 0), AlertState.NO_DATA, AlertState.NO_DATA), failing());
		assertThat(this.transitions).containsExactly("OK>NO_DATA:DATASOURCE_UNAVAILABLE");
	}

	@Test
	void aResultNotThereYetIsNoDataUnlessTheRuleSaysOtherwise() {
		JsonNode pending = document("pending", false, null, List.of());
		refresh(rule(value(">", "100"), 0, 0), pending);
		assertThat(this.transitions).containsExactly("OK>NO_DATA:no result yet");
		refresh(withChoices(rule(value(">", "100"), 0, 0), AlertState.OK, AlertState.ERROR), pending);
		assertThat(this.transitions).containsExactly("OK>NO_DATA:no result yet", "NO_DATA>OK:no result yet");
		refresh(withChoices(rule(value(">", "100"), 0, 0), AlertState.ERROR, AlertState.ERROR), pending);
		assertThat(this.transitions).last().isEqualTo("OK>ERROR:no result yet");
	}

	@Test
	void firingGoesToErrorWhenTheQueryFailsAndBack() {
		AlertRule rule = rule(value(">", "100"), 0, 0);
		refresh(rule, result(150));
		refresh(rule, failing());
		refresh(rule, result(150));
		assertThat(this.transitions).containsExactly("OK>FIRING:150", "FIRING>ERROR:DATASOURCE_UNAVAILABLE",
				"ERROR>FIRING:150");
	}

	@Test
	void rowCountAndAnyRow() {
		AlertRule count = rule(new Condition(Condition.Type.ROW_COUNT, null, ">=", new BigDecimal("2"), null, null), 0, 0);
		assertThat(Conditions.evaluate(count, document("ok", false, null, List.of(List.of(1), List.of(2))),
				this.clock.instant())).isEqualTo(Outcome.holds("2 rows"));
		assertThat(Conditions.evaluate(count, result(1), this.clock.instant())).isEqualTo(Outcome.clear("1 rows"));
		AlertRule anyRow = rule(new Condition(Condition.Type.ANY_ROW, null, null, null, null, null), 0, 0);
		assertThat(Conditions.evaluate(anyRow, result(1), this.clock.instant()).kind()).isEqualTo(Outcome.Kind.HOLDS);
		assertThat(Conditions.evaluate(anyRow, document("ok", false, null, List.of()), this.clock.instant()))
			.isEqualTo(Outcome.clear("0 rows"));
	}

	@Test
	void queryFailingHoldsWhileTheRefreshFailsAndIsNotAnError() {
		AlertRule rule = rule(new Condition(Condition.Type.QUERY_FAILING, null, null, null, null, null), 0, 0);
		refresh(rule, result(1));
		refresh(rule, failing());
		refresh(rule, result(1));
		assertThat(this.transitions).containsExactly("OK>FIRING:DATASOURCE_UNAVAILABLE", "FIRING>OK:query succeeded");
	}

	@Test
	void staleForHoldsOnceTheResultHasBeenStaleThatLong() {
		AlertRule rule = rule(new Condition(Condition.Type.STALE_FOR, null, null, null, null, 60L), 0, 0);
		Instant asOf = this.clock.instant();
		refresh(rule, document("ok", true, asOf, List.of(List.of(1))));
		assertThat(this.standing.state()).isEqualTo(AlertState.OK);
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(Conditions.evaluate(rule, document("ok", true, asOf, List.of(List.of(1))), this.clock.instant()))
			.isEqualTo(Outcome.holds("stale for 65 s (DATASOURCE_UNAVAILABLE)"));
	}

	/** One refresh, 5 s after the previous one. */
	private void refresh(AlertRule rule, JsonNode document) {
		this.clock.advance(Duration.ofSeconds(5));
		AlertStateMachine.Step step = this.machine.step(rule, this.standing,
				Conditions.evaluate(rule, document, this.clock.instant()));
		if (step.transition()) {
			this.transitions.add(step.before().state() + ">" + step.next().state() + ":" + step.next().value());
		}
		this.standing = step.next();
	}

	private static Condition value(String op, String threshold) {
		return new Condition(Condition.Type.VALUE, "v", op, new BigDecimal(threshold), null, null);
	}

	private AlertRule rule(Condition condition, int forSeconds, int resolveAfterSeconds) {
		return new AlertRule(1, "rule", 7, Map.of(), condition, forSeconds, resolveAfterSeconds, AlertState.NO_DATA,
				AlertState.ERROR, List.of(), null, 1, this.clock.instant(), "ed", this.clock.instant(), "ed");
	}

	private static AlertRule withChoices(AlertRule rule, AlertState onNoData, AlertState onError) {
		return new AlertRule(rule.id(), rule.name(), rule.panelId(), rule.view(), rule.condition(), rule.forSeconds(),
				rule.resolveAfterSeconds(), onNoData, onError, rule.channelIds(), rule.silencedUntil(), rule.version(),
				rule.createdAt(), rule.createdBy(), rule.updatedAt(), rule.updatedBy());
	}

	private JsonNode result(Object value) {
		return document("ok", false, this.clock.instant(), List.of(List.of(value)));
	}

	private JsonNode failing() {
		return document("ok", true, this.clock.instant(), List.of(List.of(1)));
	}

	private static JsonNode document(String status, boolean stale, Instant asOf, List<List<Object>> rows) {
		Map<String, Object> document = new java.util.LinkedHashMap<>();
		document.put("status", status);
		document.put("asOf", (asOf != null) ? asOf.toString() : null);
		document.put("rowCount", rows.size());
		document.put("columns", List.of(Map.of("name", "v", "kind", "number", "sqlType", "int4")));
		document.put("rows", rows);
		document.put("stale", stale);
		document.put("staleReason", stale ? "DATASOURCE_UNAVAILABLE" : null);
		return json.valueToTree(document);
	}

}
