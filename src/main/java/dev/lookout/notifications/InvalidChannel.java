package dev.lookout.notifications;

import java.util.Map;

import dev.lookout.web.FieldProblems;
import dev.lookout.web.InvalidFields;

/**
 * Values sent for a channel break the rules: the API's detail names every field with what is wrong,
 * and the channel form ({@link ChannelPages}) shows {@link #fields()} next to their inputs.
 */
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
