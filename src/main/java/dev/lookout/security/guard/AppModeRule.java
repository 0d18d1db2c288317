package dev.lookout.security.guard;

import java.util.List;

import dev.lookout.system.AppMode;
import dev.lookout.system.GuardContext;
import dev.lookout.system.GuardProblem;
import dev.lookout.system.GuardRule;

/** {@code APP_ENV} must name a mode: a typo must not silently pick one. */
class AppModeRule implements GuardRule {

	@Override
	public List<GuardProblem> check(GuardContext context) {
		if (context.mode().isPresent()) {
			return List.of();
		}
		String value = context.environment().getProperty(AppMode.VARIABLE);
		return List.of(new GuardProblem(AppMode.VARIABLE, "\"" + value + "\" is not a mode",
				"set " + AppMode.VARIABLE + " to one of " + AppMode.ALLOWED + " (unset means production)"));
	}

}
