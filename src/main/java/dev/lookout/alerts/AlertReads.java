package dev.lookout.alerts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.dashboards.PanelSpec;
import dev.lookout.dashboards.Panels;
import dev.lookout.database.ApplicationDatabase;
import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

import org.springframework.stereotype.Service;

/**
 * Reads of alert rules as the current user may see them: only those on panels the user may see (a
 * rule on a panel removed since is listed, not evaluated), with where each stands (from the
 * database; while it cannot be read, as this instance knows) and its last transitions.
 */
@Service
class AlertReads {

	static final int TRANSITIONS_SHOWN = 50;

	private final AlertRules rules;

	private final AlertEvaluator evaluator;

	private final Panels panels;

	private final ApplicationDatabase database;

	private final Clock clock;

	AlertReads(AlertRules rules, AlertEvaluator evaluator, Panels panels, ApplicationDatabase database, Clock clock) {
		this.rules = rules;
		this.evaluator = evaluator;
		this.panels = panels;
		this.database = database;
		this.clock = clock;
	}

	/** The rules the current user may see, optionally only those on dashboard {@code slug}'s panels. */
	List<AlertRuleView> list(String dashboard) {
		Map<Long, Standing> standings = standings();
		List<AlertRuleView> shown = new ArrayList<>();
		for (AlertRule rule : this.rules.all()) {
			Optional<PanelSpec> panel = this.panels.find(rule.panelId());
			if (panel.isPresent() && !panel.get().visible()) {
				continue;
			}
			if (dashboard != null && !panel.map((spec) -> spec.dashboardSlug().equals(dashboard)).orElse(false)) {
				continue;
			}
			shown.add(view(rule, panel, standings.get(rule.id()), null));
		}
		return shown;
	}

	/** A rule with its last transitions. */
	AlertRuleView get(long id) {
		AlertRule rule = visible(id);
		return view(rule, this.panels.find(rule.panelId()), standings().get(id),
				this.rules.transitions(id, TRANSITIONS_SHOWN));
	}

	/** The last transitions of the rules the current user may see, newest first. */
	List<AlertRules.Transition> recentTransitions(int limit) {
		Map<Long, AlertRule> byId = new LinkedHashMap<>();
		for (AlertRule rule : this.rules.all()) {
			byId.put(rule.id(), rule);
		}
		return this.rules.recentTransitions(limit * 4)
			.stream()
			.filter((transition) -> byId.containsKey(transition.ruleId()) && this.panels
				.find(byId.get(transition.ruleId()).panelId())
				.map(PanelSpec::visible)
				.orElse(true))
			.limit(limit)
			.toList();
	}

	/** The rule, if it exists and is on a panel the user may see (else 404, as if it did not exist). */
	AlertRule visible(long id) {
		AlertRule rule = this.rules.find(id).orElseThrow(() -> notFound(id));
		if (!this.panels.find(rule.panelId()).map(PanelSpec::visible).orElse(true)) {
			throw notFound(id);
		}
		return rule;
	}

	/**
	 * Whether the current user may change the dashboard of the rule's panel, or that panel is gone:
	 * a rule is part of its dashboard's upkeep, so it is made, changed and deleted by the dashboard's
	 * editors (its viewers may still silence it).
	 */
	boolean onEditableDashboard(AlertRuleView rule) {
		return editable(rule.panelId());
	}

	/** Refuses (403 {@code FORBIDDEN}) a change to a rule on a panel whose dashboard the user may see but not change. */
	void requireEditable(long panelId) {
		if (!editable(panelId)) {
			throw new ApiException(ErrorCode.FORBIDDEN, "Alert rules on this panel are changed by those who may edit"
					+ " its dashboard; you may only see it (and silence its rules).");
		}
	}

	private boolean editable(long panelId) {
		return this.panels.find(panelId).map(PanelSpec::editable).orElse(true);
	}

	private static ApiException notFound(long id) {
		return new ApiException(ErrorCode.NOT_FOUND, "There is no alert rule " + id + ".");
	}

	/** The standings in the database; while it cannot be read, those this instance knows. */
	private Map<Long, Standing> standings() {
		if (this.database.available()) {
			try {
				Map<Long, Standing> stored = new HashMap<>(this.rules.standings());
				if (this.evaluator.pendingWrites() == 0) {
					return stored;
				}
			}
			catch (RuntimeException ex) {
				// Shown from memory.
			}
		}
		Map<Long, Standing> known = new HashMap<>();
		for (AlertRule rule : this.rules.all()) {
			this.evaluator.known(rule.id()).ifPresent((standing) -> known.put(rule.id(), standing));
		}
		return known;
	}

	private AlertRuleView view(AlertRule rule, Optional<PanelSpec> panel, Standing standing,
			List<AlertRules.Transition> transitions) {
		Standing shown = (standing != null) ? standing : Standing.initial(rule.createdAt());
		return new AlertRuleView(rule.id(), rule.name(), rule.panelId(), panel.map(PanelSpec::dashboardSlug).orElse(null),
				rule.view(), rule.condition(), rule.forSeconds(), rule.resolveAfterSeconds(), rule.onNoData(),
				rule.onError(), rule.channelIds(), rule.silencedUntil(), rule.silencedAt(this.clock.instant()),
				rule.version(), rule.createdAt(), rule.createdBy(), rule.updatedAt(), rule.updatedBy(), shown.state(),
				shown.since(), shown.value(), transitions);
	}

}
