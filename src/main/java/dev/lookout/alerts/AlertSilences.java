package dev.lookout.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.lookout.audit.AuditLog;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Silences a rule until a time, or no longer: its transitions are still stored and announced, with
 * no channel to tell; each with its audit entry in the same transaction.
 */
@Service
class AlertSilences {

	static final int MAX_SILENCE_MINUTES = 525_600;

	private final AlertRules rules;

	private final AlertReads reads;

	private final AlertEvaluator evaluator;

	private final AuditLog audit;

	private final Clock clock;

	AlertSilences(AlertRules rules, AlertReads reads, AlertEvaluator evaluator, AuditLog audit, Clock clock) {
		this.rules = rules;
		this.reads = reads;
		this.evaluator = evaluator;
		this.audit = audit;
		this.clock = clock;
	}

	/** Silences a rule until a time: its transitions are still stored and announced, with no channel to tell. */
	@Transactional
	public AlertRuleView silence(Authentication user, long id, SilenceRequest request) {
		AlertRule current = this.reads.visible(id);
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
		AlertRuleChecks.throwIfAny(problems);
		this.rules.silence(id, until, user.getName(), now);
		this.audit.record(user.getName(), "alert.silence", "alert", Long.toString(id),
				Map.of("name", current.name(), "until", until.toString()));
		this.evaluator.rulesChanged();
		return this.reads.get(id);
	}

	@Transactional
	public AlertRuleView unsilence(Authentication user, long id) {
		AlertRule current = this.reads.visible(id);
		this.rules.silence(id, null, user.getName(), this.clock.instant());
		this.audit.record(user.getName(), "alert.unsilence", "alert", Long.toString(id), Map.of("name", current.name()));
		this.evaluator.rulesChanged();
		return this.reads.get(id);
	}

}
