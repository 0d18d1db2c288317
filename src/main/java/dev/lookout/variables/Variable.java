package dev.lookout.variables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * One variable of a dashboard as its author defines it: a name its panels' SQL binds, a label
 * viewers read, what it holds, and its default value or values ({@code "default"} in JSON, one
 * string or an array). A list's options are fixed or read by an {@link OptionsQuery};
 * {@code allowOther} lets viewers choose a value that is not among them.
 * {@link Variables#problems} holds the rules a definition must meet.
 *
 * @param multi false when absent or null in JSON, as {@code allowOther} is: a mapper refuses a
 * missing primitive by default
 * @param valueType how a list's values are bound; a text variable's are text, a number's numbers
 */
public record Variable(String name, String label, VariableType type,
		@JsonSetter(nulls = Nulls.AS_EMPTY) boolean multi, ValueType valueType, List<String> options,
		OptionsQuery optionsQuery, @JsonSetter(nulls = Nulls.AS_EMPTY) boolean allowOther,
		@JsonProperty("default")
		@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> defaults) {

	/**
	 * A missing label is the name, a missing value type the variable type's (text for a list), a
	 * missing list empty. Lists keep a null item, for {@link Variables#problems} to name.
	 */
	public Variable {
		label = (label == null || label.isBlank()) ? name : label;
		if (valueType == null) {
			valueType = (type == VariableType.NUMBER) ? ValueType.NUMBER : ValueType.TEXT;
		}
		options = copy(options);
		defaults = copy(defaults);
	}

	private static List<String> copy(List<String> list) {
		return (list != null) ? Collections.unmodifiableList(new ArrayList<>(list)) : List.of();
	}

}
