package dev.lookout.alerts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/**
 * Values sent for a rule (or its silence) break the rules: the API's detail names every field with
 * what is wrong, and the rule form shows {@link #fields()} next to their inputs.
 */
class InvalidRule extends ApiException {

	private final Map<String, String> fields;

	InvalidRule(Map<String, String> fields) {
		super(ErrorCode.VALIDATION_FAILED, fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + ": " + field.getValue())
			.collect(Collectors.joining("; ", "Invalid values. ", ".")));
		this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

	/** Field name as the API names it ({@code condition.threshold}, {@code view.region}) to message, in the order checked. */
	Map<String, String> fields() {
		return this.fields;
	}

}
