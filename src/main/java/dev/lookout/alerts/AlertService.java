package dev.lookout.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.lookout.audit.AuditLog;
import dev.lookout.dashboards.PanelSpec;
import dev.lookout.dashboards.Panels;
import dev.lookout.database.ApplicationDatabase;
import dev.lookout.refresh.PanelResults;
import dev.lookout.variables.InvalidValues;
import dev.lookout.web.ApiException;
import dev.lookout.web.EditConflict;
import dev.lookout.web.ErrorCode;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Alert rules: list and read (only those on panels the user may see; a rule on a panel removed
 * since is listed, not evaluated), create, change with optimistic locking, delete, silence; each
 * change with its audit entry in the same transaction.
 */
@Service
class AlertService {

	static final int MAX_NAME = 100;

	static final int MAX_SECONDS = 86_400;

	static final int MAX_STALE_SECONDS = 7 * 86_400;

	static final int MAX_SILENCE_MINUTES = 525_600;

	static final int MAX_CHANNELS = 20;

	static final int TRANSITIONS_SHOWN = 50;

	private final AlertRules rules;

	private final AlertEvaluator evaluator;

	private final Panels panels;

	private final PanelResults results;

	private final ApplicationDatabase database;

	private final AuditLog audit;

	private final Clock clock;

	AlertService(AlertRules rules, AlertEvaluator evaluator, Panels panels, PanelResults results,
			ApplicationDatabase database, AuditLog audit, Clock clock) {
		this.rules = rules;
		this.evaluator = evaluator;
		this.panels = panels;
		this.results = results;
		this.database = database;
		this.audit = audit;
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

	@Transactional
	public AlertRuleView create(Authentication user, AlertRuleRequest request) {
		Instant now = this.clock.instant();
		AlertRule checked = checked(request, 0, now, user.getName(), now, false);
		long id = this.rules.insert(checked);
		this.audit.record(user.getName(), "alert.create", "alert", Long.toString(id), details(checked));
		changed();
		return get(id);
	}

	@Transactional
	public AlertRuleView update(Authentication user, long id, AlertRuleRequest request) {
		AlertRule current = visible(id);
		Instant now = this.clock.instant();
		AlertRule checked = checked(request, id, current.createdAt(), current.createdBy(), now, true);
		AlertRule changed = new AlertRule(id, checked.name(), checked.panelId(), checked.view(), checked.condition(),
				checked.forSeconds(), checked.resolveAfterSeconds(), checked.onNoData(), checked.onError(),
				checked.channelIds(), current.silencedUntil(), request.version(), current.createdAt(),
				current.createdBy(), now, user.getName());
		if (!this.rules.update(changed)) {
			throw new EditConflict("Alert rule " + id + " was changed by somebody else since version "
					+ request.version() + " (it is at version " + current.version() + "); read it again and reapply your change.");
		}
		this.audit.record(user.getName(), "alert.update", "alert", Long.toString(id), details(changed));
		changed();
		return get(id);
	}

	@Transactional
	public void delete(Authentication user, long id, long version) {
		AlertRule current = visible(id);
		if (!this.rules.delete(id, version)) {
			throw new EditConflict("Alert rule " + id + " was changed by somebody else since version " + version
					+ " (it is at version " + current.version() + "); read it again before deleting it.");
		}
		this.audit.record(user.getName(), "alert.delete", "alert", Long.toString(id), Map.of("name", current.name()));
		changed();
	}

	/** Silences a rule until a time: its transitions are still stored and announced, with no channel to tell. */
	@Transactional
	public AlertRuleView silence(Authentication user, long id, SilenceRequest request) {
		AlertRule current = visible(id);
		Instant now = this.clock.instant();
		Map<String, String> problems = new LinkedHashMap<>();
		Instant until = null;
		if (request == null || (request.minutes() == null) == (request.until() == null)) {
			problems.put("minutes", "give either minutes (1 to " + MAX_SILENCE_MINUTES + ") or until (a time), not both");
		}
		else if (request.minutes() != null) {
			if (request.minutes() < 1 || request.minutes() > MAX_SILENCE_MINUTES) {
				problems.put("minutes", "give 1 to " + MAX_SILENCE_MINUTES + " minutes");
			}
			else {
				until = now.plus(Duration.ofMinutes(request.minutes()));
			}
		}
		else if (!request.until().isAfter(now) || request.until().isAfter(now.plus(Duration.ofDays(366)))) {
			problems.put("until", "give a time in the future, within a year");
		}
		else {
			until = request.until();
		}
		throwIfAny(problems);
		this.rules.silence(id, until, user.getName(), now);
		this.audit.record(user.getName(), "alert.silence", "alert", Long.toString(id),
				Map.of("name", current.name(), "until", until.toString()));
		changed();
		return get(id);
	}

	@Transactional
	public AlertRuleView unsilence(Authentication user, long id) {
		AlertRule current = visible(id);
		this.rules.silence(id, null, user.getName(), this.clock.instant());
		this.audit.record(user.getName(), "alert.unsilence", "alert", Long.toString(id), Map.of("name", current.name()));
		changed();
		return get(id);
	}

	/** The rule, if it exists and is on a panel the user may see (else 404, as if it did not exist). */
	private AlertRule visible(long id) {
		AlertRule rule = this.rules.find(id).orElseThrow(() -> notFound(id));
		if (!this.panels.find(rule.panelId()).map(PanelSpec::visible).orElse(true)) {
			throw notFound(id);
		}
		return rule;
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

	private AlertRule checked(AlertRuleRequest request, long id, Instant createdAt, String createdBy, Instant now,
			boolean change) {
		Map<String, String> problems = new LinkedHashMap<>();
		String name = (request.name() != null) ? request.name().strip() : "";
		if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
			problems.put("name", "give 1 to " + MAX_NAME + " characters, without control characters");
		}
		Map<String, List<String>> view = (request.view() != null) ? request.view() : Map.of();
		if (request.panelId() == null) {
			problems.put("panelId", "is required");
		}
		else {
			Optional<PanelSpec> panel = this.panels.find(request.panelId()).filter(PanelSpec::visible);
			if (panel.isEmpty()) {
				problems.put("panelId", "there is no panel " + request.panelId());
			}
			else if (view.values().stream().anyMatch((values) -> values == null)) {
				problems.put("view", "give a list of values for each name");
			}
			else {
				try {
					this.results.watchView(request.panelId(), view);
				}
				catch (InvalidValues ex) {
					ex.fields().forEach((field, message) -> problems.put("view." + field, message));
				}
				catch (ApiException ex) {
					if (ex.code() == ErrorCode.VALIDATION_FAILED || ex.code() == ErrorCode.NOT_FOUND) {
						problems.put("view", ex.getMessage());
					}
					else {
						throw ex;
					}
				}
			}
		}
		Condition condition = condition(request.condition(), problems);
		int forSeconds = seconds("forSeconds", request.forSeconds(), problems);
		int resolveAfter = seconds("resolveAfterSeconds", request.resolveAfterSeconds(), problems);
		AlertState onNoData = choice("onNoData", request.onNoData(), AlertState.NO_DATA,
				List.of(AlertState.NO_DATA, AlertState.ERROR, AlertState.OK), problems);
		AlertState onError = choice("onError", request.onError(), AlertState.ERROR,
				List.of(AlertState.ERROR, AlertState.NO_DATA), problems);
		List<Long> channels = (request.channelIds() != null) ? request.channelIds() : List.of();
		if (channels.size() > MAX_CHANNELS || channels.stream().anyMatch((channel) -> channel == null || channel < 1)) {
			problems.put("channelIds", "give at most " + MAX_CHANNELS + " channel ids, each a positive number");
		}
		if (change && request.version() == null) {
			problems.put("version", "is required: the version you read");
		}
		throwIfAny(problems);
		return new AlertRule(id, name, request.panelId(), view, condition, forSeconds, resolveAfter, onNoData, onError,
				channels.stream().distinct().toList(), null, 1, createdAt, createdBy, now, createdBy);
	}

	private static Condition condition(AlertRuleRequest.ConditionRequest request, Map<String, String> problems) {
		if (request == null || request.type() == null) {
			problems.put("condition.type", "is required: one of VALUE, ROW_COUNT, ANY_ROW, STALE_FOR, QUERY_FAILING");
			return null;
		}
		Condition.Type type;
		try {
			type = Condition.Type.valueOf(request.type().strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			problems.put("condition.type", "is none of VALUE, ROW_COUNT, ANY_ROW, STALE_FOR, QUERY_FAILING");
			return null;
		}
		Condition.Match match = Condition.Match.ANY;
		if (type == Condition.Type.VALUE) {
			if (request.column() == null || request.column().isBlank() || request.column().length() > 200) {
				problems.put("condition.column", "is required: the name of a value column (at most 200 characters)");
			}
			if (request.match() != null) {
				try {
					match = Condition.Match.valueOf(request.match().strip().toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					problems.put("condition.match", "is none of ANY, ALL");
				}
			}
		}
		if (type == Condition.Type.VALUE || type == Condition.Type.ROW_COUNT) {
			if (!Condition.isOperator(request.op())) {
				problems.put("condition.op", "is required: one of >, >=, <, <=, =, !=");
			}
			if (request.threshold() == null) {
				problems.put("condition.threshold", "is required: a number");
			}
		}
		if (type == Condition.Type.STALE_FOR && (request.staleForSeconds() == null || request.staleForSeconds() < 1
				|| request.staleForSeconds() > MAX_STALE_SECONDS)) {
			problems.put("condition.staleForSeconds", "is required: 1 to " + MAX_STALE_SECONDS + " seconds");
		}
		boolean value = type == Condition.Type.VALUE;
		boolean compared = value || type == Condition.Type.ROW_COUNT;
		return new Condition(type, value ? request.column() : null, compared ? request.op() : null,
				compared ? request.threshold() : null, match,
				(type == Condition.Type.STALE_FOR) ? request.staleForSeconds() : null);
	}

	private static int seconds(String field, Integer value, Map<String, String> problems) {
		if (value == null) {
			return 0;
		}
		if (value < 0 || value > MAX_SECONDS) {
			problems.put(field, "give 0 to " + MAX_SECONDS + " seconds");
			return 0;
		}
		return value;
	}

	private static AlertState choice(String field, String value, AlertState otherwise, List<AlertState> allowed,
			Map<String, String> problems) {
		if (value == null) {
			return otherwise;
		}
		for (AlertState state : allowed) {
			if (state.name().equalsIgnoreCase(value.strip())) {
				return state;
			}
		}
		problems.put(field, "is none of " + allowed.stream().map(Enum::name).collect(Collectors.joining(", ")));
		return otherwise;
	}

	private static void throwIfAny(Map<String, String> problems) {
		if (!problems.isEmpty()) {
			throw new ApiException(ErrorCode.VALIDATION_FAILED, problems.entrySet()
				.stream()
				.map((problem) -> problem.getKey() + ": " + problem.getValue())
				.collect(Collectors.joining("; ", "Invalid values. ", ".")));
		}
	}

	private static Map<String, Object> details(AlertRule rule) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", rule.name());
		details.put("panelId", rule.panelId());
		details.put("view", rule.view());
		details.put("condition", AlertRules.condition(rule.condition()));
		details.put("forSeconds", rule.forSeconds());
		details.put("resolveAfterSeconds", rule.resolveAfterSeconds());
		details.put("channelIds", rule.channelIds());
		return details;
	}

	/** The evaluator reads the rules again once this change is committed. */
	private void changed() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					AlertService.this.evaluator.rulesChanged();
				}
			});
		}
		else {
			this.evaluator.rulesChanged();
		}
	}

}
