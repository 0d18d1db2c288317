package dev.lookout.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Values a client sent break the rules, field by field: the answer's detail ({@code VALIDATION_FAILED})
 * names every field with what is wrong, and a page shows {@link #fields()} next to their inputs.
 * Each module names its own kind (a rule, a dashboard, an audit query, a view's values).
 */
public class InvalidFields extends ApiException {

	private final Map<String, String> fields;

	protected InvalidFields(Map<String, String> fields) {
		super(ErrorCode.VALIDATION_FAILED, fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + ": " + field.getValue())
			.collect(Collectors.joining("; ", "Invalid values. ", ".")));
		this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

	/** Field name to message, in the order the fields were checked. */
	public Map<String, String> fields() {
		return this.fields;
	}

}
