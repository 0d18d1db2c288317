package dev.lookout.security.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the Content Security Policy is applied ({@code CSP_MODE}). {@link #REPORT} exists for
 * operators whose browser extensions or embedding would break under the policy: browsers then
 * only report what the policy would block. There is deliberately no "off".
 */
public enum CspMode {

	ENFORCE, REPORT;

	public static final String VARIABLE = "CSP_MODE";

	public static final String ALLOWED = Arrays.stream(values())
		.map((mode) -> mode.name().toLowerCase(Locale.ROOT))
		.collect(Collectors.joining(", "));

	/** The mode a value names; blank means {@link #ENFORCE}. */
	public static Optional<CspMode> parse(String value) {
		if (value == null || value.isBlank()) {
			return Optional.of(ENFORCE);
		}
		return Arrays.stream(values()).filter((mode) -> mode.name().equalsIgnoreCase(value.strip())).findFirst();
	}

}
