package dev.lookout.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.lookout.audit.AuditLog;
import dev.lookout.web.EditConflict;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to alert rules: create, change with optimistic locking, delete; each change checked by
 * {@link AlertRuleChecks}, with its audit entry in the same transaction, and the evaluator told
 * once it is committed. Reads are {@link AlertReads}', silencing {@link AlertSilences}'.
 */
@Service
class AlertService {

	private final AlertRules rules;

	private final AlertReads reads;

	private final AlertRuleChecks checks;

	private final AlertEvaluator evaluator;

	private final AuditLog audit;

	private final Clock clock;

	AlertService(AlertRules rules, AlertReads reads, AlertRuleChecks checks, AlertEvaluator evaluator, AuditLog audit,
			Clock clock) {
		this.rules = rules;
		this.reads = reads;
		this.checks = checks;
		this.evaluator = evaluator;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional
	public AlertRuleView create(Authentication user, AlertRuleRequest request) {
		Instant now = this.clock.instant();
		AlertRule checked = this.checks.checked(request, 0, now, user.getName(), now, false);
		this.reads.requireEditable(checked.panelId());
		long id = this.rules.insert(checked);
		this.audit.record(user.getName(), "alert.create", "alert", Long.toString(id), details(checked));
		this.evaluator.rulesChanged();
		return this.reads.get(id);
	}

	@Transactional
	public AlertRuleView update(Authentication user, long id, AlertRuleRequest request) {
		AlertRule current = this.reads.visible(id);
		this.reads.requireEditable(current.panelId());
		Instant now = this.clock.instant();
		AlertRule checked = this.checks.checked(request, id, current.createdAt(), current.createdBy(), now, true);
		this.reads.requireEditable(checked.panelId());
		AlertRule changed = new AlertRule(id, checked.name(), checked.panelId(), checked.view(), checked.condition(),
				checked.forSeconds(), checked.resolveAfterSeconds(), checked.onNoData(), checked.onError(),
				checked.channelIds(), current.silencedUntil(), request.version(), current.createdAt(),
				current.createdBy(), now, user.getName());
		if (!this.rules.update(changed)) {
			throw new EditConflict("Alert rule " + id + " was changed by somebody else since version "
					+ request.version() + " (it is at version " + current.version() + "); read it again and reapply your change.");
		}
		this.audit.record(user.getName(), "alert.update", "alert", Long.toString(id), details(changed));
		this.evaluator.rulesChanged();
		return this.reads.get(id);
	}

	@Transactional
	public void delete(Authentication user, long id, long version) {
		AlertRule current = this.reads.visible(id);
		this.reads.requireEditable(current.panelId());
		if (!this.rules.delete(id, version)) {
			throw new EditConflict("Alert rule " + id + " was changed by somebody else since version " + version
					+ " (it is at version " + current.version() + "); read it again before deleting it.");
		}
		this.audit.record(user.getName(), "alert.delete", "alert", Long.toString(id), Map.of("name", current.name()));
		this.evaluator.rulesChanged();
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

}
