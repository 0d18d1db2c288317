package dev.lookout.variables;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a variable holds: free text, a number, or a choice from a list. Written in lower case in JSON. */
public enum VariableType {

	TEXT, NUMBER, LIST;

	@JsonValue
	String json() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Any case; anything else is refused with the accepted spellings. */
	@JsonCreator
	static VariableType of(String json) {
		for (VariableType type : values()) {
			if (type.name().equalsIgnoreCase(json)) {
				return type;
			}
		}
		throw new IllegalArgumentException("must be text, number or list, was " + Values.shown(json));
	}

}
