package dev.lookout.security.guard;

import java.util.List;

import dev.lookout.system.GuardContext;
import dev.lookout.system.GuardProblem;
import dev.lookout.system.GuardRule;

/**
 * In production {@code METRICS_TOKEN}, when set, guards {@code /metrics}; a guessable token
 * would publish the server's internals. Unset is allowed: the endpoint then refuses every
 * scrape.
 */
class MetricsTokenRule implements GuardRule {

	static final String METRICS_TOKEN = "METRICS_TOKEN";

	@Override
	public List<GuardProblem> check(GuardContext context) {
		if (!context.isProduction()) {
			return List.of();
		}
		return context.variable(METRICS_TOKEN)
			.flatMap((token) -> SecretStrength.problemOf(METRICS_TOKEN, "the metrics token", token))
			.stream()
			.toList();
	}

}
