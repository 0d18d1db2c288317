package dev.lookout.security.guard;

import java.util.List;

import dev.lookout.security.web.CspMode;
import dev.lookout.system.GuardContext;
import dev.lookout.system.GuardProblem;
import dev.lookout.system.GuardRule;

/** {@code CSP_MODE} must name a mode; "off" or a typo must never drop the policy quietly. */
class CspModeRule implements GuardRule {

	@Override
	public List<GuardProblem> check(GuardContext context) {
		String value = context.environment().getProperty(CspMode.VARIABLE);
		if (CspMode.parse(value).isPresent()) {
			return List.of();
		}
		return List.of(new GuardProblem(CspMode.VARIABLE, "\"" + value + "\" is not a Content Security Policy mode;"
				+ " there is no way to turn the policy off", "set " + CspMode.VARIABLE + " to one of " + CspMode.ALLOWED
						+ " (report has browsers only report what the policy would block, for pages that browser"
						+ " extensions or an embedding page change)"));
	}

}
