package dev.lookout.alerts;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.lookout.alerts.TransitionWriter.PendingWrite;
import dev.lookout.database.ApplicationDatabase;
import dev.lookout.refresh.PanelRefreshed;
import dev.lookout.refresh.PanelResults;
import io.micrometer.core.instrument.Counter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One evaluation of the rules on a refreshed view, from its stored result: each rule's standing
 * is read from {@code alert_state} (the lease may have moved here from another instance; from
 * memory while the database cannot be read or this instance has newer changes waiting), the state
 * machine steps, and a change is saved through the {@link PendingTransitions}.
 */
class AlertEvaluation {

	/** The evaluator's log, as before the evaluator was split. */
	private static final Log logger = LogFactory.getLog(AlertEvaluator.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final EvaluatedRules known;

	private final PendingTransitions pending;

	private final AlertRules rules;

	private final PanelResults results;

	private final ApplicationDatabase database;

	private final AlertStateMachine machine;

	private final Clock clock;

	private final Counter evaluations;

	AlertEvaluation(EvaluatedRules known, PendingTransitions pending, AlertRules rules, PanelResults results,
			ApplicationDatabase database, Clock clock, Counter evaluations) {
		this.known = known;
		this.pending = pending;
		this.rules = rules;
		this.results = results;
		this.database = database;
		this.machine = new AlertStateMachine(clock);
		this.clock = clock;
		this.evaluations = evaluations;
	}

	void evaluate(PanelRefreshed refreshed) {
		List<AlertRule> candidates = this.known.on(refreshed);
		if (candidates.isEmpty()) {
			return;
		}
		JsonNode document = this.results.current(refreshed.view(), refreshed.resultVersion())
			.map((result) -> json.readTree(result.body()))
			.orElse(null);
		if (document == null) {
			return;
		}
		Map<Long, Standing> stored = storedStandings(candidates);
		for (AlertRule rule : candidates) {
			Standing current = stored.getOrDefault(rule.id(),
					this.known.known(rule.id()).orElse(Standing.initial(rule.createdAt())));
			Outcome outcome = Conditions.evaluate(rule, document, this.clock.instant());
			AlertStateMachine.Step step = this.machine.step(rule, current, outcome);
			this.evaluations.increment();
			this.known.remember(rule.id(), step.next());
			if (step.changed()) {
				this.pending.save(new PendingWrite(rule, refreshed.dashboardSlug(), step));
			}
		}
	}

	/** The standings in the database, unless it cannot be read or this instance has newer ones waiting for it. */
	private Map<Long, Standing> storedStandings(List<AlertRule> candidates) {
		if (!this.pending.isEmpty() || !this.database.available()) {
			return Map.of();
		}
		try {
			return this.rules.standings(candidates.stream().map(AlertRule::id).toList());
		}
		catch (RuntimeException ex) {
			logger.warn("Alert states could not be read; evaluating from memory: " + ex.getMessage());
			return Map.of();
		}
	}

}
