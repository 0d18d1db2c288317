package dev.lookout.security.guard;

import java.util.List;
import java.util.Optional;

import dev.lookout.security.web.CspMode;
import dev.lookout.system.AppMode;
import dev.lookout.system.GuardContext;
import dev.lookout.system.GuardProblem;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code CSP_MODE} names enforce or report, any case; anything else stops startup, naming the variable. */
class CspModeRuleTest {

	@Test
	void enforceReportAndUnsetPass() {
		for (String value : new String[] { null, "", "enforce", "REPORT", " report " }) {
			assertThat(problems(value)).as(String.valueOf(value)).isEmpty();
		}
		assertThat(CspMode.parse(null)).hasValue(CspMode.ENFORCE);
		assertThat(CspMode.parse("Report")).hasValue(CspMode.REPORT);
	}

	@Test
	void anythingElseIsRefused() {
		for (String value : new String[] { "off", "none", "enforced", "false" }) {
			assertThat(problems(value)).as(value).singleElement().satisfies((problem) -> {
				assertThat(problem.variable()).isEqualTo("CSP_MODE");
				assertThat(problem.problem()).contains(value);
				assertThat(problem.fix()).contains("enforce, report");
			});
		}
	}

	private static List<GuardProblem> problems(String value) {
		MockEnvironment environment = new MockEnvironment();
		if (value != null) {
			environment.setProperty("CSP_MODE", value);
		}
		return new CspModeRule().check(new GuardContext(environment, Optional.of(AppMode.PRODUCTION)));
	}

}
