package dev.lookout.system;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.core.env.Environment;

/**
 * The mode the process runs in, from {@code APP_ENV}. Unset means {@link #PRODUCTION}: a
 * forgotten variable must never make a deployment laxer.
 */
public enum AppMode {

	DEVELOPMENT, TEST, PRODUCTION;

	/** The environment variable that selects the mode. */
	public static final String VARIABLE = "APP_ENV";

	public static final String ALLOWED = Arrays.stream(values())
		.map(AppMode::value)
		.collect(Collectors.joining(", "));

	/** The mode named by {@code value}, or empty when the value names none. Blank means production. */
	public static Optional<AppMode> parse(String value) {
		if (value == null || value.isBlank()) {
			return Optional.of(PRODUCTION);
		}
		String wanted = value.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((mode) -> mode.value().equals(wanted)).findFirst();
	}

	/**
	 * The mode of a prepared environment. The secret guard has already refused an unknown
	 * value at startup, so here one can only mean a bug.
	 */
	public static AppMode of(Environment environment) {
		String value = environment.getProperty(VARIABLE);
		return parse(value).orElseThrow(() -> new IllegalStateException(
				VARIABLE + " names no mode; allowed: " + ALLOWED));
	}

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean isDevelopment() {
		return this == DEVELOPMENT;
	}

}
