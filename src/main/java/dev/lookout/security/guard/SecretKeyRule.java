package dev.lookout.security.guard;

import java.util.ArrayList;
import java.util.List;

import dev.lookout.system.GuardContext;
import dev.lookout.system.GuardProblem;
import dev.lookout.system.GuardRule;

/**
 * Outside development, {@code SECRET_KEY} must be present and strong: it seals stored
 * data-source passwords, so a weak one would quietly expose every database Lookout reaches.
 * The previous key (kept only to decrypt during a rotation) must be readable, not strong.
 */
class SecretKeyRule implements GuardRule {

	static final String SECRET_KEY = "SECRET_KEY";

	static final String SECRET_KEY_PREVIOUS = "SECRET_KEY_PREVIOUS";

	@Override
	public List<GuardProblem> check(GuardContext context) {
		List<GuardProblem> problems = new ArrayList<>();
		var current = SecretVariables.read(context.environment(), SECRET_KEY);
		if (current instanceof SecretVariables.Read.Unusable unusable) {
			problems.add(unusable.problem());
		}
		else if (current instanceof SecretVariables.Read.Value value) {
			// Development takes a weak key with a warning (StartupGuard) rather than a refusal.
			if (!context.isDevelopment()) {
				SecretStrength.problemOf(SECRET_KEY, "the secret key", value.secret()).ifPresent(problems::add);
			}
		}
		else if (!context.isDevelopment()) {
			problems.add(new GuardProblem(SECRET_KEY, "no secret key is set (neither " + SECRET_KEY + " nor "
					+ SECRET_KEY + "_FILE)", "set " + SECRET_KEY + " to a random value ("
							+ SecretStrength.HOW_TO_GENERATE + ") or " + SECRET_KEY
							+ "_FILE to a file that holds one"));
		}
		if (SecretVariables.read(context.environment(), SECRET_KEY_PREVIOUS) instanceof SecretVariables.Read.Unusable unusable) {
			problems.add(unusable.problem());
		}
		return problems;
	}

}
