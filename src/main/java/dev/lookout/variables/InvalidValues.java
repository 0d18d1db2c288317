package dev.lookout.variables;

import java.util.Map;

import dev.lookout.web.InvalidFields;

/**
 * Values a viewer chose for a dashboard's parameters break its rules. The detail names every
 * parameter with what is wrong, and pages show {@link #fields()} next to their inputs: the
 * dashboard's parameters in their order, then those it does not have.
 */
public final class InvalidValues extends InvalidFields {

	InvalidValues(Map<String, String> fields) {
		super(fields);
	}

}
