package dev.lookout.variables;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;

/**
 * A dashboard's variables and its time range, if it has one: the parameters its panels' SQL may
 * bind and its viewers may choose. Dashboards keep the two apart and make this when they need it.
 */
public record Variables(List<Variable> list, TimeRange timeRange) {

	/** The parameter {@code GET /api/stream} reads itself, so no variable may be named so. */
	public static final String STREAM_PARAMETER = "dashboard";

	public static final Variables NONE = new Variables(List.of(), null);

	static final int MAX_VARIABLES = 20;

	static final int LABEL_LENGTH = 100;

	static final int MAX_OPTIONS = 1000;

	/** Values of one multi-valued variable, chosen or default; each is one bound SQL parameter. */
	static final int MAX_VALUES = 100;

	/** What SQL binds as {@code :name} and a URL carries as {@code ?name=} without escaping. */
	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,39}");

	public Variables {
		list = (list != null) ? List.copyOf(list) : List.of();
	}

	/** The variables' names in their order, then {@code from} and {@code to} when there is a time range. */
	public List<String> parameterNames() {
		List<String> names = new ArrayList<>();
		this.list.forEach((variable) -> names.add(variable.name()));
		if (this.timeRange != null) {
			names.add(TimeRange.FROM);
			names.add(TimeRange.TO);
		}
		return List.copyOf(names);
	}

	public Optional<Variable> variable(String name) {
		return this.list.stream().filter((variable) -> variable.name().equals(name)).findFirst();
	}

	/**
	 * Every problem of a definition, by field as a client sent it ({@code variables[0].name},
	 * {@code variables[1].default}, {@code timeRange.from}), in the order checked; empty when it is
	 * valid. The data sources of options queries must exist.
	 */
	public static Map<String, String> problems(List<Variable> variables, TimeRange timeRange,
			LongPredicate dataSourceExists) {
		Map<String, String> problems = new LinkedHashMap<>();
		List<Variable> list = (variables != null) ? variables : List.of();
		if (list.size() > MAX_VARIABLES) {
			problems.put("variables", "must be at most " + MAX_VARIABLES + " variables, was " + list.size());
		}
		Map<String, Integer> named = new HashMap<>();
		for (int i = 0; i < list.size(); i++) {
			String field = "variables[" + i + "]";
			Variable variable = list.get(i);
			if (variable == null) {
				problems.put(field, "is required");
				continue;
			}
			Integer first = (variable.name() != null) ? named.putIfAbsent(variable.name(), i) : null;
			if (first != null) {
				problems.put(field + ".name", "repeats variables[" + first + "].name");
			}
			definitionProblems(field, variable, dataSourceExists, problems);
		}
		if (timeRange != null) {
			timeRangeProblems(timeRange, problems);
		}
		return problems;
	}

	private static void definitionProblems(String field, Variable variable, LongPredicate dataSourceExists,
			Map<String, String> problems) {
		String name = variable.name();
		if (name == null || name.isEmpty()) {
			problems.putIfAbsent(field + ".name", "is required");
		}
		else if (!NAME.matcher(name).matches()) {
			problems.putIfAbsent(field + ".name", "must be a lower-case letter or _ followed by at most 39 lower-case "
					+ "letters, digits or _, was " + Values.shown(name));
		}
		else if (name.equals(TimeRange.FROM) || name.equals(TimeRange.TO)) {
			problems.putIfAbsent(field + ".name", "is reserved for the time range, was " + Values.shown(name));
		}
		else if (name.equals(STREAM_PARAMETER)) {
			problems.putIfAbsent(field + ".name", "is reserved: the event stream's URL names the dashboard with it");
		}
		if (variable.label() != null && Values.length(variable.label()) > LABEL_LENGTH) {
			problems.put(field + ".label", "must be at most " + LABEL_LENGTH + " characters, was "
					+ Values.length(variable.label()));
		}
		VariableType type = variable.type();
		if (type == null) {
			problems.put(field + ".type", "is required: text, number or list");
			return;
		}
		if (variable.multi() && type != VariableType.LIST) {
			problems.put(field + ".multi", "is for lists only: a " + type.json() + " variable takes one value");
		}
		ValueType own = (type == VariableType.NUMBER) ? ValueType.NUMBER : ValueType.TEXT;
		if (type != VariableType.LIST && variable.valueType() != own) {
			problems.put(field + ".valueType", "must be " + own.json() + " for a " + type.json() + " variable, was "
					+ variable.valueType().json());
		}
		if (type == VariableType.LIST) {
			listProblems(field, variable, dataSourceExists, problems);
		}
		else {
			if (!variable.options().isEmpty()) {
				problems.put(field + ".options", "are for lists only");
			}
			if (variable.optionsQuery() != null) {
				problems.put(field + ".optionsQuery", "is for lists only");
			}
			if (variable.allowOther()) {
				problems.put(field + ".allowOther", "is for lists only");
			}
		}
		defaultProblems(field, variable, (type == VariableType.LIST) ? variable.valueType() : own, problems);
	}

	private static void listProblems(String field, Variable variable, LongPredicate dataSourceExists,
			Map<String, String> problems) {
		List<String> options = variable.options();
		OptionsQuery query = variable.optionsQuery();
		if (options.isEmpty() && query == null) {
			problems.put(field + ".options", "are required unless an optionsQuery reads them");
		}
		else if (!options.isEmpty() && query != null) {
			problems.put(field + ".optionsQuery", "is not allowed with options: a list has fixed options or a query");
		}
		if (options.size() > MAX_OPTIONS) {
			problems.put(field + ".options", "must be at most " + MAX_OPTIONS + " options, was " + options.size());
		}
		else {
			Map<String, Integer> seen = new HashMap<>();
			for (int j = 0; j < options.size(); j++) {
				String option = field + ".options[" + j + "]";
				try {
					Integer first = seen.putIfAbsent(listValue(variable, options.get(j)), j);
					if (first != null) {
						problems.put(option, "repeats options[" + first + "], was " + Values.shown(options.get(j)));
					}
				}
				catch (IllegalArgumentException invalid) {
					problems.put(option, invalid.getMessage());
				}
			}
		}
		if (query != null) {
			queryProblems(field + ".optionsQuery", query, dataSourceExists, problems);
		}
	}

	private static void queryProblems(String field, OptionsQuery query, LongPredicate dataSourceExists,
			Map<String, String> problems) {
		if (!dataSourceExists.test(query.dataSourceId())) {
			problems.put(field + ".dataSourceId", "names no data source: there is none with id " + query.dataSourceId());
		}
		if (query.sql() == null || query.sql().isEmpty()) {
			problems.put(field + ".sql", "is required");
		}
		else if (Values.length(query.sql()) > OptionsQuery.SQL_LENGTH) {
			problems.put(field + ".sql", "must be at most " + OptionsQuery.SQL_LENGTH + " characters, was "
					+ Values.length(query.sql()));
		}
		if (query.refreshSeconds() < OptionsQuery.MIN_REFRESH_SECONDS
				|| query.refreshSeconds() > OptionsQuery.MAX_REFRESH_SECONDS) {
			problems.put(field + ".refreshSeconds", "must be from " + OptionsQuery.MIN_REFRESH_SECONDS + " to "
					+ OptionsQuery.MAX_REFRESH_SECONDS + " seconds (a day), was " + query.refreshSeconds());
		}
	}

	/** @param valueType the variable's, or its type's when it names another (a problem of its own) */
	private static void defaultProblems(String field, Variable variable, ValueType valueType,
			Map<String, String> problems) {
		String key = field + ".default";
		List<String> defaults = variable.defaults();
		if (variable.multi() && (defaults.isEmpty() || defaults.size() > MAX_VALUES)) {
			problems.put(key, "must be from 1 to " + MAX_VALUES + " values, was " + defaults.size());
			return;
		}
		if (!variable.multi() && defaults.size() != 1) {
			problems.put(key, "must be one value, was " + defaults.size());
			return;
		}
		Optional<Set<String>> fixed = fixedOptions(variable);
		for (String value : defaults) {
			try {
				String canonical = (variable.type() == VariableType.LIST) ? listValue(variable, value)
						: Values.canonical(valueType, required(value));
				if (fixed.isPresent() && !fixed.get().contains(canonical)) {
					problems.put(key, "must be among the options, was " + Values.shown(value));
					return;
				}
			}
			catch (IllegalArgumentException invalid) {
				problems.put(key, invalid.getMessage());
				return;
			}
		}
	}

	private static void timeRangeProblems(TimeRange timeRange, Map<String, String> problems) {
		if (Values.length(timeRange.label()) > LABEL_LENGTH) {
			problems.put("timeRange.label", "must be at most " + LABEL_LENGTH + " characters, was "
					+ Values.length(timeRange.label()));
		}
		timeProblem("timeRange.from", timeRange.from(), problems);
		timeProblem("timeRange.to", timeRange.to(), problems);
	}

	private static void timeProblem(String field, String expression, Map<String, String> problems) {
		if (expression == null || expression.isBlank()) {
			problems.put(field, "is required: " + TimeExpressions.ACCEPTED);
			return;
		}
		try {
			TimeExpressions.normalize(expression);
		}
		catch (IllegalArgumentException invalid) {
			problems.put(field, invalid.getMessage());
		}
	}

	/**
	 * The canonical values a list without {@code allowOther} accepts from its fixed options; none
	 * when it accepts others or reads its options by query.
	 */
	static Optional<Set<String>> fixedOptions(Variable variable) {
		if (variable.type() != VariableType.LIST || variable.allowOther() || variable.options().isEmpty()) {
			return Optional.empty();
		}
		Set<String> fixed = new HashSet<>();
		for (String option : variable.options()) {
			try {
				fixed.add(listValue(variable, option));
			}
			catch (IllegalArgumentException invalid) {
				// Refused by problems(); an option nobody can choose matches no value.
			}
		}
		return Optional.of(fixed);
	}

	/** A list's value: valid for its value type, and never blank, since a viewer picks it from a list. */
	static String listValue(Variable variable, String value) {
		String canonical = Values.canonical(variable.valueType(), required(value));
		if (canonical.isBlank()) {
			throw new IllegalArgumentException("must not be blank");
		}
		return canonical;
	}

	private static String required(String value) {
		if (value == null) {
			throw new IllegalArgumentException("is required");
		}
		return value;
	}

}
