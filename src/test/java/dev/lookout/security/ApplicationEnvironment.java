package dev.lookout.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.lookout.system.AppMode;
import dev.lookout.system.GuardContext;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The environment the guard and the settings see, without starting anything: the shipped
 * application.yaml (defaults included) under the given variables.
 */
public final class ApplicationEnvironment {

	private ApplicationEnvironment() {
	}

	public static StandardEnvironment of(Map<String, String> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(new MapPropertySource("variables", new HashMap<>(variables)));
		try {
			new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
				.forEach(environment.getPropertySources()::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return environment;
	}

	/** What a rule is given for these variables; {@code APP_ENV} among them picks the mode. */
	public static GuardContext guardContext(Map<String, String> variables) {
		StandardEnvironment environment = of(variables);
		Optional<AppMode> mode = AppMode.parse(environment.getProperty(AppMode.VARIABLE));
		return new GuardContext(environment, mode);
	}

}
