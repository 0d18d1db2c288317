package dev.lookout.dashboards;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import dev.lookout.web.FieldProblems;

/**
 * Values a client sent break the rules. The detail names every field with what is wrong, and
 * the pages show {@link #fields()} next to their inputs.
 */
class InvalidInput extends ApiException {

	private final Map<String, String> fields;

	InvalidInput(Map<String, String> fields) {
		super(ErrorCode.VALIDATION_FAILED, fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + ": " + field.getValue())
			.collect(Collectors.joining("; ", "Invalid values. ", ".")));
		this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

	static void throwIfAny(FieldProblems problems) {
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems.byField());
		}
	}

	/** Field name to message, in the order the fields were checked. */
	Map<String, String> fields() {
		return this.fields;
	}

}
