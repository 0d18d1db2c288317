package dev.lookout.alerts;

import java.math.BigDecimal;
import java.util.List;

/**
 * An alert rule declared by the application itself (the development demo): a value of the panel's
 * default view compared with a threshold, in any row. It goes through the same checks and audit as
 * one created through {@code /api/alerts}.
 *
 * @param column the value column
 * @param op one of {@code > >= < <= = !=}
 * @param forSeconds how long the condition holds before the rule fires
 * @param resolveAfterSeconds how long it must not hold before the rule resolves
 * @param channelIds the notification channels to tell
 */
public record ProvisionedAlertRule(String name, long panelId, String column, String op, BigDecimal threshold,
		int forSeconds, int resolveAfterSeconds, List<Long> channelIds) {

	public ProvisionedAlertRule {
		channelIds = List.copyOf(channelIds);
	}

}
