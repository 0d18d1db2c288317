package dev.lookout.variables;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a variable's values are bound: as text ({@code String}) or as a number ({@code Long} or
 * {@code BigDecimal}). A list chooses; a text or number variable has its own type's.
 */
public enum ValueType {

	TEXT, NUMBER;

	@JsonValue
	String json() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Any case; anything else is refused with the accepted spellings. */
	@JsonCreator
	static ValueType of(String json) {
		for (ValueType type : values()) {
			if (type.name().equalsIgnoreCase(json)) {
				return type;
			}
		}
		throw new IllegalArgumentException("must be text or number, was " + Values.shown(json));
	}

}
