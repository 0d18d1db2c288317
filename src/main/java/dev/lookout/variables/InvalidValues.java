package dev.lookout.variables;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;

/**
 * Values a viewer chose for a dashboard's parameters break its rules. The detail names every
 * parameter with what is wrong, and pages show {@link #fields()} next to their inputs.
 */
public final class InvalidValues extends ApiException {

	private final Map<String, String> fields;

	InvalidValues(Map<String, String> fields) {
		super(ErrorCode.VALIDATION_FAILED, fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + ": " + field.getValue())
			.collect(Collectors.joining("; ", "Invalid values. ", ".")));
		this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

	/** Parameter name to message: the dashboard's parameters in their order, then those it does not have. */
	public Map<String, String> fields() {
		return this.fields;
	}

}
