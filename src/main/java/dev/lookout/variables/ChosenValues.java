package dev.lookout.variables;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The values a viewer chose for a dashboard's parameters, checked and in canonical form, with
 * the defaults for those not chosen: numbers as {@code BigDecimal} writes them plainly without
 * trailing zeros, a multi-valued list's values sorted and each once, time expressions as
 * {@link TimeExpressions} spells them. Equal choices are equal here, so a panel's restricted
 * values key its results ({@link #viewId}).
 * <p>
 * Over 300 lines: checking, the canonical form and binding are one value object's rules for the same values, kept together so the view id and the bound values cannot drift apart.
 */
public final class ChosenValues {

	/** Enough of a parameter name a dashboard does not have to recognize it, and no flood of it. */
	private static final int FIELD_LENGTH = 100;

	/** 132 bits of SHA-256: no two views of a panel collide in practice, and the id stays short in keys and URLs. */
	private static final int VIEW_ID_LENGTH = 22;

	private final Variables variables;

	private final SortedMap<String, List<String>> values;

	private final SortedMap<String, List<String>> defaults;

	private ChosenValues(Variables variables, SortedMap<String, List<String>> values,
			SortedMap<String, List<String>> defaults) {
		this.variables = variables;
		this.values = values;
		this.defaults = defaults;
	}

	/**
	 * Checks what a viewer chose; throws {@link InvalidValues} naming every bad parameter.
	 * @param parameters the request's parameters, without the caller's own ({@code dashboard})
	 * @param queriedOptions the options an options query last read, by variable name; empty while
	 * none are loaded, when such a list accepts its defaults only
	 * @param clock the time {@code from} and {@code to} are compared at
	 * @param zone the zone they resolve in
	 */
	public static ChosenValues of(Variables variables, Map<String, List<String>> parameters,
			Function<String, Optional<List<String>>> queriedOptions, Clock clock, ZoneId zone) {
		SortedMap<String, List<String>> defaults = defaults(variables);
		SortedMap<String, List<String>> chosen = new TreeMap<>(defaults);
		Map<String, String> problems = new LinkedHashMap<>();
		for (Variable variable : variables.list()) {
			List<String> given = parameters.get(variable.name());
			if (given != null) {
				try {
					chosen.put(variable.name(), chosen(variable, given, defaults.get(variable.name()), queriedOptions));
				}
				catch (IllegalArgumentException invalid) {
					problems.put(variable.name(), invalid.getMessage());
				}
			}
		}
		if (variables.timeRange() != null) {
			for (String bound : List.of(TimeRange.FROM, TimeRange.TO)) {
				List<String> given = parameters.get(bound);
				if (given != null) {
					try {
						chosen.put(bound, List.of(TimeExpressions.normalize(one(given))));
					}
					catch (IllegalArgumentException invalid) {
						problems.put(bound, invalid.getMessage());
					}
				}
			}
			if (!problems.containsKey(TimeRange.FROM) && !problems.containsKey(TimeRange.TO)) {
				rangeProblem(chosen, clock.instant(), zone).ifPresent((problem) -> problems.put(TimeRange.FROM, problem));
			}
		}
		List<String> names = variables.parameterNames();
		for (String name : parameters.keySet()) {
			if (!names.contains(name)) {
				problems.put(field(name), names.isEmpty() ? "is no parameter of this dashboard, which has none"
						: "is no parameter of this dashboard, whose parameters are " + String.join(", ", names));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidValues(problems);
		}
		return new ChosenValues(variables, Collections.unmodifiableSortedMap(chosen), defaults);
	}

	/** The canonical defaults of every parameter of the dashboard, by name. */
	public static SortedMap<String, List<String>> defaults(Variables variables) {
		SortedMap<String, List<String>> defaults = new TreeMap<>();
		for (Variable variable : variables.list()) {
			List<String> canonical = new ArrayList<>();
			for (String value : variable.defaults()) {
				canonical.add(canonical(variable, value));
			}
			defaults.put(variable.name(), variable.multi() ? ordered(variable, canonical) : List.copyOf(canonical));
		}
		if (variables.timeRange() != null) {
			defaults.put(TimeRange.FROM, List.of(TimeExpressions.normalize(variables.timeRange().from())));
			defaults.put(TimeRange.TO, List.of(TimeExpressions.normalize(variables.timeRange().to())));
		}
		return Collections.unmodifiableSortedMap(defaults);
	}

	/** Every parameter's values, by name. */
	public SortedMap<String, List<String>> values() {
		return this.values;
	}

	/**
	 * The values of the given parameters only, by name: those a panel's SQL binds, which are all
	 * its results depend on. A name that is no parameter of the dashboard is a caller's mistake.
	 */
	public SortedMap<String, List<String>> restrictedTo(Collection<String> names) {
		return restrict(this.values, names);
	}

	/** Whether the given parameters have their default values. */
	public boolean isDefault(Collection<String> names) {
		return restrictedTo(names).equals(restrict(this.defaults, names));
	}

	/** The JDBC values of the given parameters; see {@link #bind}. */
	public Map<String, List<Object>> bound(Collection<String> names, Instant now, ZoneId zone) {
		return bind(this.variables, restrictedTo(names), now, zone);
	}

	/**
	 * The JDBC values of restricted canonical values, one list per name: text as {@code String},
	 * numbers as {@code Long} when integral and within its range, else {@code BigDecimal}, and
	 * {@code from} and {@code to} as the {@code Instant} they resolve to at {@code now}.
	 */
	public static Map<String, List<Object>> bind(Variables variables, Map<String, List<String>> restricted,
			Instant now, ZoneId zone) {
		Map<String, List<Object>> bound = new TreeMap<>();
		restricted.forEach((name, values) -> {
			List<Object> objects = new ArrayList<>();
			if (variables.timeRange() != null && (name.equals(TimeRange.FROM) || name.equals(TimeRange.TO))) {
				values.forEach((value) -> objects.add(TimeExpressions.resolve(value, now, zone)));
			}
			else {
				Variable variable = variables.variable(name).orElseThrow(() -> unknown(variables, name));
				values.forEach((value) -> objects.add(Values.bound(variable.valueType(), value)));
			}
			bound.put(name, Collections.unmodifiableList(objects));
		});
		return Collections.unmodifiableMap(bound);
	}

	/**
	 * {@code name=value&name=value}: names sorted, values URL-encoded in UTF-8, several values of a
	 * name repeated in their order. The same values always make the same text.
	 */
	public static String canonical(Map<String, List<String>> restricted) {
		StringJoiner canonical = new StringJoiner("&");
		new TreeMap<>(restricted).forEach((name, values) -> values.forEach((value) -> canonical.add(
				URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
		return canonical.toString();
	}

	/**
	 * A short id of restricted values, for cache keys: empty when there are none (so a panel that
	 * binds nothing has one view), else the first 22 characters of the base64url SHA-256 of their
	 * {@link #canonical} text.
	 */
	public static String viewId(Map<String, List<String>> restricted) {
		if (restricted.isEmpty()) {
			return "";
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(canonical(restricted).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, VIEW_ID_LENGTH);
		}
		catch (NoSuchAlgorithmException impossible) {
			// Every Java platform must provide SHA-256.
			throw new IllegalStateException(impossible);
		}
	}

	private static List<String> chosen(Variable variable, List<String> given, List<String> defaults,
			Function<String, Optional<List<String>>> queriedOptions) {
		if (!variable.multi()) {
			String value = canonical(variable, one(given));
			accepted(variable, value, defaults, queriedOptions);
			return List.of(value);
		}
		if (given.size() > Variables.MAX_VALUES) {
			throw new IllegalArgumentException("takes at most " + Variables.MAX_VALUES + " values, was given "
					+ given.size());
		}
		List<String> values = new ArrayList<>();
		for (String value : given) {
			// A form that submits a multiple choice with nothing chosen sends one empty value.
			if (value != null && !value.isBlank()) {
				String canonical = canonical(variable, value);
				accepted(variable, canonical, defaults, queriedOptions);
				values.add(canonical);
			}
		}
		if (values.isEmpty()) {
			throw new IllegalArgumentException("needs at least one value");
		}
		return ordered(variable, values);
	}

	private static String one(List<String> given) {
		if (given.size() != 1) {
			throw new IllegalArgumentException("takes one value, was given " + given.size());
		}
		return (given.get(0) != null) ? given.get(0) : "";
	}

	private static String canonical(Variable variable, String value) {
		return (variable.type() == VariableType.LIST) ? Variables.listValue(variable, value)
				: Values.canonical(variable.valueType(), value);
	}

	/** Refuses a value a list without {@code allowOther} does not offer. */
	private static void accepted(Variable variable, String value, List<String> defaults,
			Function<String, Optional<List<String>>> queriedOptions) {
		if (variable.type() != VariableType.LIST || variable.allowOther()) {
			return;
		}
		Optional<Set<String>> fixed = Variables.fixedOptions(variable);
		if (fixed.isPresent()) {
			if (!fixed.get().contains(value)) {
				throw new IllegalArgumentException("must be one of the options, was " + Values.shown(value));
			}
			return;
		}
		Optional<List<String>> queried = queriedOptions.apply(variable.name());
		if (queried.isEmpty()) {
			if (!defaults.contains(value)) {
				throw new IllegalArgumentException("must be a default value while the options are not loaded yet, was "
						+ Values.shown(value) + "; try again in a moment");
			}
			return;
		}
		if (!canonicalOptions(variable, queried.get()).contains(value)) {
			throw new IllegalArgumentException("must be one of the options, was " + Values.shown(value));
		}
	}

	/** A query's options as values compare: an option that is no valid value matches none. */
	private static Set<String> canonicalOptions(Variable variable, List<String> options) {
		Set<String> canonical = new HashSet<>();
		for (String option : options) {
			try {
				canonical.add(Variables.listValue(variable, option));
			}
			catch (IllegalArgumentException notAValue) {
				// A row the query returned that no viewer can choose: nothing to compare with.
			}
		}
		return canonical;
	}

	/** Sorted (numbers by value) and each once. */
	private static List<String> ordered(Variable variable, Collection<String> values) {
		Comparator<String> order = (variable.valueType() == ValueType.NUMBER) ? Comparator.comparing(BigDecimal::new)
				: Comparator.naturalOrder();
		TreeSet<String> ordered = new TreeSet<>(order);
		ordered.addAll(values);
		return List.copyOf(ordered);
	}

	private static Optional<String> rangeProblem(Map<String, List<String>> chosen, Instant now, ZoneId zone) {
		String from = chosen.get(TimeRange.FROM).get(0);
		String to = chosen.get(TimeRange.TO).get(0);
		Instant start = TimeExpressions.resolve(from, now, zone);
		Instant end = TimeExpressions.resolve(to, now, zone);
		if (start.isBefore(end)) {
			return Optional.empty();
		}
		return Optional.of("must be before to: " + from + " is " + start + ", " + to + " is " + end + " (" + zone + ")");
	}

	private static SortedMap<String, List<String>> restrict(Map<String, List<String>> values, Collection<String> names) {
		SortedMap<String, List<String>> restricted = new TreeMap<>();
		for (String name : names) {
			List<String> value = values.get(name);
			if (value == null) {
				throw new IllegalArgumentException("'" + name + "' is no parameter of this dashboard");
			}
			restricted.put(name, value);
		}
		return Collections.unmodifiableSortedMap(restricted);
	}

	private static IllegalArgumentException unknown(Variables variables, String name) {
		return new IllegalArgumentException("'" + name + "' is no parameter of this dashboard, whose parameters are "
				+ variables.parameterNames());
	}

	/** A name the dashboard does not have, cut to a length a message can show. */
	private static String field(String name) {
		return (Values.length(name) <= FIELD_LENGTH) ? name
				: name.substring(0, name.offsetByCodePoints(0, FIELD_LENGTH)) + "…";
	}

}
