package dev.lookout.security.guard;

import java.util.Map;

import dev.lookout.security.ApplicationEnvironment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Mode-dependent security defaults, decided in one place. */
class ModeDefaultsTest {

	@Test
	void developmentShowsDashboardsWithoutSignIn() {
		assertThat(defaults("development")).containsExactly(Map.entry("lookout.security.public-dashboards", true));
	}

	@Test
	void testModeKeepsDashboardsPrivate() {
		assertThat(defaults("test")).containsExactly(Map.entry("lookout.security.public-dashboards", false));
	}

	@Test
	void productionKeepsDashboardsPrivateAndTheSessionCookieOffPlainHttp() {
		assertThat(defaults("production")).containsOnly(Map.entry("lookout.security.public-dashboards", false),
				Map.entry("server.servlet.session.cookie.secure", true));
	}

	@Test
	void anExplicitChoiceOfPublicDashboardsIsLeftAlone() {
		assertThat(ModeDefaults.of(ApplicationEnvironment.guardContext(
				Map.of("APP_ENV", "production", "PUBLIC_DASHBOARDS", "true"))))
			.containsOnlyKeys("server.servlet.session.cookie.secure");
	}

	private static Map<String, Object> defaults(String mode) {
		return ModeDefaults.of(ApplicationEnvironment.guardContext(Map.of("APP_ENV", mode)));
	}

}
