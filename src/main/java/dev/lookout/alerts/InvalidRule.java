package dev.lookout.alerts;

import java.util.Map;

import dev.lookout.web.InvalidFields;

/**
 * Values sent for a rule (or its silence) break the rules: the API's detail names every field with
 * what is wrong, and the rule form shows {@link #fields()} next to their inputs.
 */
class InvalidRule extends InvalidFields {

	InvalidRule(Map<String, String> fields) {
		super(fields);
	}

}
