package dev.lookout.notifications;

import java.util.Map;

import dev.lookout.web.FieldProblems;
import dev.lookout.web.InvalidFields;

/** Values sent for a channel break the rules: the detail names every field with what is wrong, {@link #fields()} each. */
class InvalidChannel extends InvalidFields {

	InvalidChannel(Map<String, String> fields) {
		super(fields);
	}

	static void throwIfAny(FieldProblems problems) {
		if (!problems.isEmpty()) {
			throw new InvalidChannel(problems.byField());
		}
	}

}
