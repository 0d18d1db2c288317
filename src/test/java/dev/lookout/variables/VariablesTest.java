package dev.lookout.variables;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules a dashboard's variables and time range must meet, each naming the field it concerns. */
class VariablesTest {

	private static final long SOURCE = 7;

	private final LongPredicate catalog = (id) -> id == SOURCE;

	@Test
	void aValidDefinitionHasNoProblems() {
		List<Variable> variables = List.of(text("customer", ""), number("threshold", "2.50"),
				list("region", false, List.of("eu", "us"), "eu"), queried("product", true, "p1", "p2"),
				new Variable("level", null, VariableType.LIST, false, ValueType.NUMBER, List.of("1", "2", "3"), null,
						true, List.of("4")));
		assertThat(Variables.problems(variables, new TimeRange("Period", "now-6h", "now"), this.catalog)).isEmpty();
		assertThat(Variables.problems(List.of(), null, this.catalog)).isEmpty();
		assertThat(Variables.problems(null, null, this.catalog)).isEmpty();
	}

	@Test
	void missingPartsAreNormalized() {
		Variable variable = new Variable("region", null, VariableType.LIST, false, null, null, null, false, null);
		assertThat(variable.label()).isEqualTo("region");
		assertThat(variable.valueType()).isEqualTo(ValueType.TEXT);
		assertThat(variable.options()).isEmpty();
		assertThat(variable.defaults()).isEmpty();
		assertThat(new Variable("n", " ", VariableType.NUMBER, false, null, null, null, false, null).valueType())
			.isEqualTo(ValueType.NUMBER);
		assertThat(new OptionsQuery(SOURCE, " SELECT 1 ", 0)).isEqualTo(new OptionsQuery(SOURCE, "SELECT 1", 300));
		assertThat(new TimeRange(null, "now-1h", "now").label()).isEqualTo("Time range");
	}

	@Test
	void parameterNamesAreTheVariablesThenTheTimeRange() {
		Variables variables = new Variables(List.of(text("b", "x"), text("a", "y")), new TimeRange(null, "today", "now"));
		assertThat(variables.parameterNames()).containsExactly("b", "a", "from", "to");
		assertThat(new Variables(List.of(text("b", "x")), null).parameterNames()).containsExactly("b");
		assertThat(Variables.NONE.parameterNames()).isEmpty();
		assertThat(variables.variable("a")).get().extracting(Variable::name).isEqualTo("a");
		assertThat(variables.variable("from")).isEmpty();
	}

	@Test
	void atMostTwentyVariables() {
		List<Variable> many = IntStream.range(0, 21).mapToObj((i) -> text("v" + i, "")).toList();
		assertThat(problems(many)).containsExactly(Map.entry("variables", "must be at most 20 variables, was 21"));
		assertThat(problems(many.subList(0, 20))).isEmpty();
	}

	@Test
	void namesAreIdentifiersUniqueAndNotTheTimeRanges() {
		assertThat(problems(List.of(text("Region", ""), text("1st", ""), text("a-b", ""), text("x".repeat(41), ""),
				text("from", ""), text("to", ""), text("ok", ""), text("ok", ""), text(null, ""), text("", ""))))
			.containsEntry("variables[0].name", "must be a lower-case letter or _ followed by at most 39 lower-case "
					+ "letters, digits or _, was 'Region'")
			.containsKey("variables[1].name")
			.containsKey("variables[2].name")
			.containsKey("variables[3].name")
			.containsEntry("variables[4].name", "is reserved for the time range, was 'from'")
			.containsEntry("variables[5].name", "is reserved for the time range, was 'to'")
			.doesNotContainKey("variables[6].name")
			.containsEntry("variables[7].name", "repeats variables[6].name")
			.containsEntry("variables[8].name", "is required")
			.containsEntry("variables[9].name", "is required");
		assertThat(problems(List.of(text("_a", ""), text("a" + "0".repeat(39), "")))).isEmpty();
	}

	@Test
	void labelIsAtMostAHundredCharacters() {
		Variable labelled = new Variable("a", "é".repeat(101), VariableType.TEXT, false, null, null, null, false,
				List.of(""));
		assertThat(problems(List.of(labelled))).containsExactly(
				Map.entry("variables[0].label", "must be at most 100 characters, was 101"));
	}

	@Test
	void typeIsRequired() {
		assertThat(problems(List.of(new Variable("a", null, null, false, null, null, null, false, List.of("x")))))
			.containsExactly(Map.entry("variables[0].type", "is required: text, number or list"));
	}

	@Test
	void onlyListsTakeSeveralValuesOptionsAndOthers() {
		Variable text = new Variable("a", null, VariableType.TEXT, true, ValueType.NUMBER, List.of("x"),
				new OptionsQuery(SOURCE, "SELECT 1", 60), true, List.of("x"));
		assertThat(problems(List.of(text))).containsOnlyKeys("variables[0].multi", "variables[0].valueType",
				"variables[0].options", "variables[0].optionsQuery", "variables[0].allowOther")
			.containsEntry("variables[0].multi", "is for lists only: a text variable takes one value")
			.containsEntry("variables[0].valueType", "must be text for a text variable, was number");
		Variable number = new Variable("n", null, VariableType.NUMBER, false, ValueType.TEXT, null, null, false,
				List.of("1"));
		assertThat(problems(List.of(number))).containsExactly(
				Map.entry("variables[0].valueType", "must be number for a number variable, was text"));
	}

	@Test
	void aListHasFixedOptionsOrAQuery() {
		assertThat(problems(List.of(list("a", true, List.of(), "x")))).containsEntry("variables[0].options",
				"are required unless an optionsQuery reads them");
		Variable both = new Variable("a", null, VariableType.LIST, false, null, List.of("x"),
				new OptionsQuery(SOURCE, "SELECT 1", 60), false, List.of("x"));
		assertThat(problems(List.of(both))).containsExactly(Map.entry("variables[0].optionsQuery",
				"is not allowed with options: a list has fixed options or a query"));
	}

	@Test
	void fixedOptionsAreOneToAThousandDistinctValues() {
		List<String> many = IntStream.range(0, 1001).mapToObj(String::valueOf).toList();
		assertThat(problems(List.of(list("a", false, many, "1")))).containsEntry("variables[0].options",
				"must be at most 1000 options, was 1001");
		assertThat(problems(List.of(list("a", false, many.subList(0, 1000), "1")))).isEmpty();
		assertThat(problems(List.of(list("a", false, Arrays.asList("eu", "", null, "x".repeat(201), "eu"), "eu"))))
			.containsEntry("variables[0].options[1]", "must not be blank")
			.containsEntry("variables[0].options[2]", "is required")
			.containsEntry("variables[0].options[3]", "must be at most 200 characters, was 201")
			.containsEntry("variables[0].options[4]", "repeats options[0], was 'eu'");
		Variable numbers = new Variable("a", null, VariableType.LIST, false, ValueType.NUMBER,
				List.of("1", "1.0", "x"), null, false, List.of("1"));
		assertThat(problems(List.of(numbers))).containsOnlyKeys("variables[0].options[1]", "variables[0].options[2]")
			.containsEntry("variables[0].options[1]", "repeats options[0], was '1.0'")
			.containsEntry("variables[0].options[2]", "must be a decimal number such as 42 or -1.5, was 'x'");
	}

	@Test
	void anOptionsQueryNeedsSqlAnExistingSourceAndABoundedInterval() {
		assertThat(problems(List.of(queriedBy(new OptionsQuery(8, " ", 4)))))
			.containsEntry("variables[0].optionsQuery.dataSourceId", "names no data source: there is none with id 8")
			.containsEntry("variables[0].optionsQuery.sql", "is required")
			.containsEntry("variables[0].optionsQuery.refreshSeconds", "must be from 5 to 86400 seconds (a day), was 4");
		assertThat(problems(List.of(queriedBy(new OptionsQuery(SOURCE, "x".repeat(100_001), 86_401)))))
			.containsEntry("variables[0].optionsQuery.sql", "must be at most 100000 characters, was 100001")
			.containsEntry("variables[0].optionsQuery.refreshSeconds",
					"must be from 5 to 86400 seconds (a day), was 86401");
		assertThat(problems(List.of(queriedBy(new OptionsQuery(SOURCE, "SELECT 1", 5))))).isEmpty();
		assertThat(problems(List.of(queriedBy(new OptionsQuery(SOURCE, "SELECT 1", 86_400))))).isEmpty();
	}

	@Test
	void aSingleValuedVariableHasExactlyOneDefault() {
		assertThat(problems(List.of(new Variable("a", null, VariableType.TEXT, false, null, null, null, false, null))))
			.containsExactly(Map.entry("variables[0].default", "must be one value, was 0"));
		assertThat(problems(List.of(new Variable("a", null, VariableType.TEXT, false, null, null, null, false,
				List.of("x", "y"))))).containsExactly(Map.entry("variables[0].default", "must be one value, was 2"));
	}

	@Test
	void aMultiValuedListHasOneToAHundredDefaults() {
		List<String> options = IntStream.range(0, 101).mapToObj(String::valueOf).toList();
		assertThat(problems(List.of(list("a", true, options)))).containsExactly(
				Map.entry("variables[0].default", "must be from 1 to 100 values, was 0"));
		assertThat(problems(List.of(list("a", true, options, options.toArray(String[]::new))))).containsExactly(
				Map.entry("variables[0].default", "must be from 1 to 100 values, was 101"));
		assertThat(problems(List.of(list("a", true, options, options.subList(0, 100).toArray(String[]::new)))))
			.isEmpty();
	}

	@Test
	void eachDefaultIsAValidValue() {
		assertThat(problems(List.of(number("a", "ten")))).containsExactly(
				Map.entry("variables[0].default", "must be a decimal number such as 42 or -1.5, was 'ten'"));
		assertThat(problems(List.of(number("a", "1e3")))).containsKey("variables[0].default");
		assertThat(problems(List.of(number("a", "")))).containsExactly(
				Map.entry("variables[0].default", "must be a number, was empty"));
		assertThat(problems(List.of(text("a", "x".repeat(201))))).containsExactly(
				Map.entry("variables[0].default", "must be at most 200 characters, was 201"));
		assertThat(problems(List.of(text("a", "nul\0")))).containsExactly(
				Map.entry("variables[0].default", "must not contain the NUL character, was 'nul\\u0000'"));
		assertThat(problems(List.of(list("a", false, List.of("eu", "us"), "asia")))).containsExactly(
				Map.entry("variables[0].default", "must be among the options, was 'asia'"));
		assertThat(problems(List.of(list("a", true, List.of("eu", "us"), "eu", "asia")))).containsExactly(
				Map.entry("variables[0].default", "must be among the options, was 'asia'"));
		assertThat(problems(List.of(list("a", false, List.of("eu", "us"), "")))).containsExactly(
				Map.entry("variables[0].default", "must not be blank"));
		List<String> nulls = new ArrayList<>(Collections.singletonList(null));
		assertThat(problems(List.of(new Variable("a", null, VariableType.TEXT, false, null, null, null, false, nulls))))
			.containsExactly(Map.entry("variables[0].default", "is required"));
	}

	@Test
	void defaultsOfANumberListAreComparedAsNumbers() {
		Variable numbers = new Variable("a", null, VariableType.LIST, false, ValueType.NUMBER, List.of("1.50", "2"),
				null, false, List.of("1.5"));
		assertThat(problems(List.of(numbers))).isEmpty();
	}

	@Test
	void aListWithOthersOrAQueryTakesAnyValidDefault() {
		assertThat(problems(List.of(queried("a", false, "anything")))).isEmpty();
		assertThat(problems(List.of(new Variable("a", null, VariableType.LIST, false, null, List.of("eu"), null, true,
				List.of("asia"))))).isEmpty();
	}

	@Test
	void theTimeRangeHasValidExpressionsAndAShortLabel() {
		assertThat(Variables.problems(List.of(), new TimeRange("x".repeat(101), "now-", null), this.catalog))
			.containsEntry("timeRange.label", "must be at most 100 characters, was 101")
			.hasEntrySatisfying("timeRange.from", (message) -> assertThat(message)
				.startsWith("must be now, now-<n><unit> or now+<n><unit>")
				.endsWith(", was 'now-'"))
			.hasEntrySatisfying("timeRange.to", (message) -> assertThat(message).startsWith("is required: must be now"));
	}

	private Map<String, String> problems(List<Variable> variables) {
		return Variables.problems(variables, null, this.catalog);
	}

	static Variable text(String name, String defaultValue) {
		return new Variable(name, null, VariableType.TEXT, false, null, null, null, false, List.of(defaultValue));
	}

	static Variable number(String name, String defaultValue) {
		return new Variable(name, null, VariableType.NUMBER, false, null, null, null, false, List.of(defaultValue));
	}

	static Variable list(String name, boolean multi, List<String> options, String... defaults) {
		return new Variable(name, null, VariableType.LIST, multi, null, options, null, false, List.of(defaults));
	}

	static Variable queried(String name, boolean multi, String... defaults) {
		return new Variable(name, null, VariableType.LIST, multi, null, null, new OptionsQuery(SOURCE, "SELECT p FROM t", 0),
				false, List.of(defaults));
	}

	private static Variable queriedBy(OptionsQuery query) {
		return new Variable("a", null, VariableType.LIST, false, null, null, query, false, List.of("x"));
	}

}
