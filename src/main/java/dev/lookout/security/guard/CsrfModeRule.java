package dev.lookout.security.guard;

import java.util.List;

import dev.lookout.security.csrf.CsrfMode;
import dev.lookout.system.GuardContext;
import dev.lookout.system.GuardProblem;
import dev.lookout.system.GuardRule;

/** {@code CSRF_MODE} must name a mode; "off" or a typo must never disable the protection quietly. */
class CsrfModeRule implements GuardRule {

	@Override
	public List<GuardProblem> check(GuardContext context) {
		String value = context.environment().getProperty(CsrfMode.VARIABLE);
		if (CsrfMode.parse(value).isPresent()) {
			return List.of();
		}
		return List.of(new GuardProblem(CsrfMode.VARIABLE, "\"" + value + "\" is not a CSRF mode; there is no way to turn"
				+ " the protection off", "set " + CsrfMode.VARIABLE + " to one of " + CsrfMode.ALLOWED
						+ " (report lets requests without a valid token through, logged and flagged, while clients move over)"));
	}

}
