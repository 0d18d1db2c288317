package dev.lookout.alerts;

import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one step of a rule in one transaction: the standing, the transition if any, and its
 * {@link AlertTransitioned} announcement published inside it (nothing for a rule deleted meanwhile).
 */
class TransitionWriter {

	/** A step of a rule, to write. */
	record PendingWrite(AlertRule rule, String dashboardSlug, AlertStateMachine.Step step) {

	}

	private final AlertRules rules;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	TransitionWriter(AlertRules rules, TransactionTemplate transactions, ApplicationEventPublisher events) {
		this.rules = rules;
		this.transactions = transactions;
		this.events = events;
	}

	/** One transaction: the standing, the transition if any, and its announcement inside it. */
	void write(PendingWrite write) {
		AlertRule rule = write.rule();
		AlertStateMachine.Step step = write.step();
		this.transactions.executeWithoutResult((status) -> {
			if (!this.rules.exists(rule.id())) {
				// Deleted meanwhile: nothing to store, nothing to announce.
				return;
			}
			this.rules.saveStanding(rule.id(), step.next(), step.at());
			if (step.transition()) {
				long transitionId = this.rules.insertTransition(rule.id(), step.before().state(), step.next().state(),
						step.next().value(), step.at());
				List<Long> channels = rule.silencedAt(step.at()) ? List.of() : rule.channelIds();
				this.events.publishEvent(new AlertTransitioned(rule.id(), transitionId, rule.name(), rule.panelId(),
						(write.dashboardSlug() != null) ? write.dashboardSlug() : "", rule.view(),
						step.before().state().name(), step.next().state().name(), step.next().value(), step.at(),
						channels));
			}
		});
	}

}
