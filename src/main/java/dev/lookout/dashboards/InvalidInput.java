package dev.lookout.dashboards;

import java.util.Map;

import dev.lookout.web.FieldProblems;
import dev.lookout.web.InvalidFields;

/**
 * Values a client sent break the rules. The detail names every field with what is wrong, and
 * the pages show {@link #fields()} next to their inputs.
 */
class InvalidInput extends InvalidFields {

	InvalidInput(Map<String, String> fields) {
		super(fields);
	}

	static void throwIfAny(FieldProblems problems) {
		if (!problems.isEmpty()) {
			throw new InvalidInput(problems.byField());
		}
	}

}
