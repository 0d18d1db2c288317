package dev.lookout.security.csrf;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the CSRF contract is applied ({@code CSRF_MODE}). {@link #REPORT} exists for moving an
 * undocumented client over: its unsafe requests pass but are logged, counted and answered with
 * {@code X-CSRF-Warning}. There is deliberately no "off".
 */
public enum CsrfMode {

	ENFORCE, REPORT;

	public static final String VARIABLE = "CSRF_MODE";

	public static final String ALLOWED = Arrays.stream(values())
		.map((mode) -> mode.name().toLowerCase(Locale.ROOT))
		.collect(Collectors.joining(", "));

	/** The mode a value names; blank means {@link #ENFORCE}. */
	public static Optional<CsrfMode> parse(String value) {
		if (value == null || value.isBlank()) {
			return Optional.of(ENFORCE);
		}
		return Arrays.stream(values()).filter((mode) -> mode.name().equalsIgnoreCase(value.strip())).findFirst();
	}

}
