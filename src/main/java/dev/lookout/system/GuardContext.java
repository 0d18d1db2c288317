package dev.lookout.system;

import java.util.Optional;

import org.springframework.core.env.Environment;

/**
 * What a {@link GuardRule} may look at: the prepared environment (variables, {@code .env},
 * application.yaml) and the mode. The mode is empty when {@code APP_ENV} names none; rules
 * then judge as in production, the strictest reading.
 */
public record GuardContext(Environment environment, Optional<AppMode> mode) {

	public boolean isDevelopment() {
		return this.mode.map(AppMode::isDevelopment).orElse(false);
	}

	public boolean isProduction() {
		return this.mode.map((m) -> m == AppMode.PRODUCTION).orElse(true);
	}

	/** A variable's value, or empty when unset or blank. */
	public Optional<String> variable(String name) {
		return Optional.ofNullable(this.environment.getProperty(name)).filter((value) -> !value.isBlank());
	}

}
