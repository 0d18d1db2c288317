package dev.lookout.security.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.lookout.system.AppMode;
import dev.lookout.system.GuardContext;
import dev.lookout.system.GuardProblem;
import dev.lookout.system.GuardRule;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Refuses to start with an unsafe configuration. It runs as the last environment post
 * processor: after {@code .env} and application.yaml are read, before the application context
 * exists, so no pool, client, thread or port has been opened when it says no. It then hands
 * the resolved secrets to the application as {@code lookout.*} properties, so the guard and
 * the code that uses a secret read one and the same value, and publishes the
 * {@link ModeDefaults}.
 */
public class StartupGuard implements EnvironmentPostProcessor, Ordered {

	static final String RESOLVED_SECRETS = "lookoutResolvedSecrets";

	static final String MODE_DEFAULTS = "lookoutModeDefaults";

	private final Log log;

	public StartupGuard(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(StartupGuard.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Optional<AppMode> mode = AppMode.parse(environment.getProperty(AppMode.VARIABLE));
		GuardContext context = new GuardContext(environment, mode);
		if (context.isDevelopment()) {
			DevelopmentSecretKey.provideIfMissing(environment, this.log);
		}
		List<GuardProblem> problems = new ArrayList<>();
		for (GuardRule rule : SpringFactoriesLoader.forDefaultResourceLocation(application.getClassLoader())
			.load(GuardRule.class)) {
			problems.addAll(rule.check(context));
		}
		if (!problems.isEmpty()) {
			throw new StartupRefused(problems);
		}
		publishResolvedSecrets(environment, context);
		environment.getPropertySources().addFirst(new MapPropertySource(MODE_DEFAULTS, ModeDefaults.of(context)));
	}

	private void publishResolvedSecrets(ConfigurableEnvironment environment, GuardContext context) {
		Map<String, Object> resolved = new HashMap<>();
		SecretVariables.value(environment, SecretKeyRule.SECRET_KEY).ifPresent((key) -> {
			resolved.put("lookout.security.secret-key", key);
			if (context.isDevelopment() && !SecretStrength.weaknesses(key).isEmpty()) {
				this.log.warn("SECRET_KEY is weak (" + String.join("; ", SecretStrength.weaknesses(key))
						+ "); development accepts it, every other mode will refuse it");
			}
		});
		SecretVariables.value(environment, SecretKeyRule.SECRET_KEY_PREVIOUS)
			.ifPresent((key) -> resolved.put("lookout.security.secret-key-previous", key));
		SecretVariables.value(environment, DirectoryRule.LDAP_BIND_PASSWORD)
			.ifPresent((password) -> resolved.put("lookout.directory.bind-password", password));
		environment.getPropertySources().addFirst(new MapPropertySource(RESOLVED_SECRETS, resolved));
	}

}
