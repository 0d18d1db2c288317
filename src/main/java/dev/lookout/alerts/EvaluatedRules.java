package dev.lookout.alerts;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.lookout.database.ApplicationDatabase;
import dev.lookout.refresh.PanelRefreshed;
import dev.lookout.refresh.PanelResults;
import dev.lookout.refresh.ViewKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What this instance knows of the rules it evaluates: the rules by panel (read again on each
 * {@link #reload}), the view each watches (kept live through {@link PanelResults#watchView}), and
 * the standing of each as last known, which the API shows without the database and
 * {@code lookout_alerts{state}} counts.
 */
class EvaluatedRules {

	/** The evaluator's log, as before the evaluator was split. */
	private static final Log logger = LogFactory.getLog(AlertEvaluator.class);

	private final AlertRules rules;

	private final PanelResults results;

	private final ApplicationDatabase database;

	private final PendingTransitions pending;

	/** Rules by panel id; replaced whole on each reload. Read and written on the evaluation thread only. */
	private volatile Map<Long, List<AlertRule>> byPanel = Map.of();

	/** The view each rule watches, once known. */
	private final Map<Long, ViewKey> views = new ConcurrentHashMap<>();

	/** The standing of every rule as this instance last knew it: what the API shows without the database, and the metrics. */
	private final Map<Long, Standing> standings = new ConcurrentHashMap<>();

	EvaluatedRules(AlertRules rules, PanelResults results, ApplicationDatabase database, PendingTransitions pending,
			MeterRegistry meters) {
		this.rules = rules;
		this.results = results;
		this.database = database;
		this.pending = pending;
		for (AlertState state : AlertState.values()) {
			Gauge.builder("lookout.alerts", this, (known) -> known.count(state))
				.description("Alert rules in each state")
				.tag("state", state.name())
				.register(meters);
		}
	}

	/** Whether any rule is on this panel. */
	boolean onPanel(long panelId) {
		return this.byPanel.containsKey(panelId);
	}

	/** The rules on the view just refreshed. */
	List<AlertRule> on(PanelRefreshed refreshed) {
		return this.byPanel.getOrDefault(refreshed.panelId(), List.of())
			.stream()
			.filter((rule) -> refreshed.view().equals(viewOf(rule)))
			.toList();
	}

	/** What this instance last knew of a rule's standing, when the database is not asked. */
	Optional<Standing> known(long ruleId) {
		return Optional.ofNullable(this.standings.get(ruleId));
	}

	void remember(long ruleId, Standing standing) {
		this.standings.put(ruleId, standing);
	}

	private ViewKey viewOf(AlertRule rule) {
		if (rule.view().isEmpty()) {
			return ViewKey.of(rule.panelId());
		}
		return this.views.get(rule.id());
	}

	void reload() {
		if (!this.database.available()) {
			rewatch();
			return;
		}
		List<AlertRule> all = this.rules.all();
		Map<Long, List<AlertRule>> grouped = new HashMap<>();
		for (AlertRule rule : all) {
			grouped.computeIfAbsent(rule.panelId(), (panel) -> new ArrayList<>()).add(rule);
		}
		if (this.pending.isEmpty()) {
			// The database is as new as this instance's memory: take what other instances evaluated.
			this.standings.putAll(this.rules.standings());
		}
		Map<Long, Boolean> kept = new HashMap<>();
		all.forEach((rule) -> kept.put(rule.id(), true));
		this.standings.keySet().removeIf((id) -> !kept.containsKey(id));
		this.views.keySet().removeIf((id) -> !kept.containsKey(id));
		this.byPanel = Map.copyOf(grouped);
		rewatch();
	}

	/** Keeps each rule's chosen view live, and learns its key. */
	private void rewatch() {
		for (List<AlertRule> panelRules : this.byPanel.values()) {
			for (AlertRule rule : panelRules) {
				if (rule.view().isEmpty()) {
					continue;
				}
				try {
					this.views.put(rule.id(), this.results.watchView(rule.panelId(), rule.view()));
				}
				catch (RuntimeException ex) {
					// The panel gone or not known yet, values no longer valid, or too many views: not evaluated for now.
					this.views.remove(rule.id());
					logger.debug("The view of alert rule " + rule.id() + " is not watched: " + ex.getMessage());
				}
			}
		}
	}

	/** The counts per state, for the page. */
	Map<AlertState, Integer> counts() {
		Map<AlertState, Integer> counts = new EnumMap<>(AlertState.class);
		for (AlertState state : AlertState.values()) {
			counts.put(state, count(state));
		}
		return counts;
	}

	private int count(AlertState state) {
		int count = 0;
		for (List<AlertRule> panelRules : this.byPanel.values()) {
			for (AlertRule rule : panelRules) {
				Standing standing = this.standings.get(rule.id());
				if (((standing != null) ? standing.state() : AlertState.OK) == state) {
					count++;
				}
			}
		}
		return count;
	}

}
