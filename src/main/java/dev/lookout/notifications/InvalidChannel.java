package dev.lookout.notifications;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import dev.lookout.web.FieldProblems;

/** A channel with invalid values: the detail names every field with what is wrong. */
class InvalidChannel extends ApiException {

	private final Map<String, String> fields;

	InvalidChannel(Map<String, String> fields) {
		super(ErrorCode.VALIDATION_FAILED, fields.entrySet()
			.stream()
			.map((field) -> field.getKey() + ": " + field.getValue())
			.collect(Collectors.joining("; ", "Invalid channel. ", ".")));
		this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

	static void throwIfAny(FieldProblems problems) {
		if (!problems.isEmpty()) {
			throw new InvalidChannel(problems.byField());
		}
	}

	Map<String, String> fields() {
		return this.fields;
	}

}
