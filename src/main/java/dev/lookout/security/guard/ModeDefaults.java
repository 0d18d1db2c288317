package dev.lookout.security.guard;

import java.util.HashMap;
import java.util.Map;

import dev.lookout.system.GuardContext;

/**
 * The security settings whose default depends on the mode, decided here and nowhere else;
 * {@link StartupGuard} publishes them before the application binds its settings.
 */
public final class ModeDefaults {

	static final String PUBLIC_DASHBOARDS = "PUBLIC_DASHBOARDS";

	static final String PUBLIC_DASHBOARDS_PROPERTY = "lookout.security.public-dashboards";

	/** Read by Boot for the session cookie, and by the application's security chain for HSTS. */
	public static final String HTTPS_ONLY_PROPERTY = "server.servlet.session.cookie.secure";

	private ModeDefaults() {
	}

	static Map<String, Object> of(GuardContext context) {
		Map<String, Object> defaults = new HashMap<>();
		// The demo is meant to be watched without signing in; elsewhere dashboards show business data.
		if (context.variable(PUBLIC_DASHBOARDS).isEmpty()) {
			defaults.put(PUBLIC_DASHBOARDS_PROPERTY, context.isDevelopment());
		}
		// Production is served over HTTPS: the session cookie must never travel in clear.
		if (context.isProduction()) {
			defaults.put(HTTPS_ONLY_PROPERTY, true);
		}
		return defaults;
	}

}
