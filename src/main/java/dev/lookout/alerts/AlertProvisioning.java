package dev.lookout.alerts;

import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates declared alert rules that do not exist yet, by name; never changes one somebody may have
 * edited. Runs as the current security context's user, who is named in the audit log.
 */
@Component
public class AlertProvisioning {

	private final AlertRules rules;

	private final AlertService service;

	AlertProvisioning(AlertRules rules, AlertService service) {
		this.rules = rules;
		this.service = service;
	}

	/** True when the rule was created, false when a rule of that name already existed. */
	@Transactional
	public boolean ensure(ProvisionedAlertRule declared) {
		if (this.rules.existsNamed(declared.name())) {
			return false;
		}
		Authentication actor = SecurityContextHolder.getContext().getAuthentication();
		if (actor == null) {
			throw new IllegalStateException("Alert rule '" + declared.name()
					+ "' not provisioned: no user in the security context to record it under");
		}
		this.service.create(actor, new AlertRuleRequest(declared.name(), declared.panelId(), Map.of(),
				new AlertRuleRequest.ConditionRequest(Condition.Type.VALUE.name(), declared.column(), declared.op(),
						declared.threshold(), Condition.Match.ANY.name(), null),
				declared.forSeconds(), declared.resolveAfterSeconds(), null, null, declared.channelIds(), null));
		return true;
	}

}
