package dev.lookout.variables;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.lookout.web.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a viewer may choose, the canonical form of the choice, its id and its JDBC values. */
class ChosenValuesTest {

	private static final Instant NOW = Instant.parse("2026-05-20T10:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final Variables VARIABLES = new Variables(List.of(VariablesTest.text("customer", "acme"),
			VariablesTest.number("limit", "10"), VariablesTest.list("region", true, List.of("eu", "us", "asia"), "us", "eu"),
			VariablesTest.queried("product", false, "p1"),
			new Variable("tag", "Tag", VariableType.LIST, false, null, List.of("a", "b"), null, true, List.of("a")),
			new Variable("level", null, VariableType.LIST, true, ValueType.NUMBER, List.of("1", "2", "3"), null, false,
					List.of("1"))),
			new TimeRange(null, "now-6h", "NOW"));

	private static final List<String> NAMES = List.of("customer", "limit", "region", "product", "tag", "level", "from",
			"to");

	private static final Function<String, Optional<List<String>>> LOADED = (name) -> Optional.of(List.of("p1", "p2"));

	private static final Function<String, Optional<List<String>>> NOT_LOADED = (name) -> Optional.empty();

	@Test
	void definitionIsValid() {
		assertThat(Variables.problems(VARIABLES.list(), VARIABLES.timeRange(), (id) -> true)).isEmpty();
	}

	@Test
	void defaultsFillWhatIsNotChosen() {
		Map<String, List<String>> expected = Map.of("customer", List.of("acme"), "limit", List.of("10"), "region",
				List.of("eu", "us"), "product", List.of("p1"), "tag", List.of("a"), "level", List.of("1"), "from",
				List.of("now-6h"), "to", List.of("now"));
		assertThat(chosen(Map.of()).values()).isEqualTo(expected).containsOnlyKeys(NAMES);
		assertThat(List.copyOf(chosen(Map.of()).values().keySet())).isSorted();
		assertThat(ChosenValues.defaults(VARIABLES)).isEqualTo(expected);
		assertThat(chosen(Map.of("customer", List.of("globex"))).values()).containsEntry("customer", List.of("globex"))
			.containsEntry("limit", List.of("10"));
	}

	@Test
	void valuesAreWrittenOneWay() {
		ChosenValues values = chosen(Map.of("region", List.of("us", "asia", "us", ""), "limit", List.of(" 010.500 "),
				"level", List.of("3", "1.0", "01"), "from", List.of(" NOW - 1 D "), "to", List.of("2026-05-20T12:00:00+02:00")));
		assertThat(values.values()).containsEntry("region", List.of("asia", "us"))
			.containsEntry("limit", List.of("10.5"))
			.containsEntry("level", List.of("1", "3"))
			.containsEntry("from", List.of("now-1d"))
			.containsEntry("to", List.of("2026-05-20T10:00:00Z"));
		assertThat(chosen(Map.of("limit", List.of("-0.00"))).values()).containsEntry("limit", List.of("0"));
		assertThat(chosen(Map.of("limit", List.of("+3"))).values()).containsEntry("limit", List.of("3"));
		assertThat(chosen(Map.of("limit", List.of("1200"))).values()).containsEntry("limit", List.of("1200"));
		assertThat(chosen(Map.of("limit", List.of(".5"))).values()).containsEntry("limit", List.of("0.5"));
	}

	@Test
	void aNumberListSortsByValue() {
		Variables numbers = new Variables(List.of(new Variable("n", null, VariableType.LIST, true, ValueType.NUMBER, null,
				null, true, List.of("1"))), null);
		assertThat(ChosenValues.of(numbers, Map.of("n", List.of("10", "9", "-1", "9.0")), NOT_LOADED, CLOCK,
				ZoneOffset.UTC).values()).containsEntry("n", List.of("-1", "9", "10"));
	}

	@Test
	void canonicalTextSortsNamesAndEncodesValues() {
		Map<String, List<String>> values = new HashMap<>();
		values.put("b", List.of("x y", "é&=", "+"));
		values.put("a", List.of("1"));
		assertThat(ChosenValues.canonical(values)).isEqualTo("a=1&b=x+y&b=%C3%A9%26%3D&b=%2B");
		assertThat(ChosenValues.canonical(Map.of())).isEmpty();
	}

	@Test
	void viewIdIsStableForEqualChoicesAndDistinctOtherwise() {
		List<String> bound = List.of("region", "limit");
		String id = ChosenValues.viewId(chosen(Map.of("region", List.of("us", "eu"))).restrictedTo(bound));
		assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]{22}");
		assertThat(ChosenValues.viewId(chosen(Map.of("region", List.of("eu", "us", "eu"))).restrictedTo(bound)))
			.isEqualTo(id);
		assertThat(ChosenValues.viewId(chosen(Map.of()).restrictedTo(bound))).isEqualTo(id);
		assertThat(ChosenValues.viewId(chosen(Map.of("limit", List.of("10.0"))).restrictedTo(bound))).isEqualTo(id);
		assertThat(ChosenValues.viewId(chosen(Map.of("region", List.of("eu"))).restrictedTo(bound))).isNotEqualTo(id);
		assertThat(ChosenValues.viewId(chosen(Map.of("limit", List.of("11"))).restrictedTo(bound))).isNotEqualTo(id);
		// A value that looks like a separator cannot pass for two values.
		assertThat(ChosenValues.viewId(Map.of("a", List.of("x&a=y")))).isNotEqualTo(
				ChosenValues.viewId(Map.of("a", List.of("x", "y"))));
		// Parameters a panel does not bind make no other view of it.
		assertThat(ChosenValues.viewId(chosen(Map.of("customer", List.of("other"))).restrictedTo(bound)))
			.isEqualTo(id);
		assertThat(ChosenValues.viewId(Map.of())).isEmpty();
		assertThat(ChosenValues.viewId(chosen(Map.of()).restrictedTo(List.of()))).isEmpty();
	}

	@Test
	void restrictedToHoldsTheNamedParametersOnly() {
		ChosenValues values = chosen(Map.of("customer", List.of("globex")));
		assertThat(values.restrictedTo(List.of("to", "customer"))).containsExactly(Map.entry("customer", List.of("globex")),
				Map.entry("to", List.of("now")));
		assertThatIllegalArgumentException().isThrownBy(() -> values.restrictedTo(List.of("customer", "nope")))
			.withMessage("'nope' is no parameter of this dashboard");
	}

	@Test
	void isDefaultComparesTheCanonicalValuesOfTheNamedParameters() {
		assertThat(chosen(Map.of()).isDefault(NAMES)).isTrue();
		assertThat(chosen(Map.of("region", List.of("eu", "us", "us"), "limit", List.of("10.00"), "to", List.of("now")))
			.isDefault(NAMES)).isTrue();
		ChosenValues other = chosen(Map.of("limit", List.of("11")));
		assertThat(other.isDefault(List.of("region", "from"))).isTrue();
		assertThat(other.isDefault(List.of("region", "limit"))).isFalse();
		assertThat(other.isDefault(List.of())).isTrue();
	}

	@Test
	void aParameterTheDashboardDoesNotHaveIsRefusedWithTheOnesItHas() {
		InvalidValues invalid = refused(Map.of("dashboard2", List.of("x"), "customer", List.of("y")));
		assertThat(invalid.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
		assertThat(invalid.fields()).containsExactly(Map.entry("dashboard2",
				"is no parameter of this dashboard, whose parameters are customer, limit, region, product, tag, level, "
						+ "from, to"));
		assertThat(invalid).hasMessage("Invalid values. dashboard2: is no parameter of this dashboard, whose parameters "
				+ "are customer, limit, region, product, tag, level, from, to.");
		InvalidValues none = catchThrowableOfType(InvalidValues.class,
				() -> ChosenValues.of(Variables.NONE, Map.of("from", List.of("now")), NOT_LOADED, CLOCK, ZoneOffset.UTC));
		assertThat(none.fields()).containsExactly(Map.entry("from", "is no parameter of this dashboard, which has none"));
		assertThat(ChosenValues.of(Variables.NONE, Map.of(), NOT_LOADED, CLOCK, ZoneOffset.UTC).values()).isEmpty();
		String longName = "n".repeat(5000);
		assertThat(refused(Map.of(longName, List.of("x"))).fields()).containsOnlyKeys("n".repeat(100) + "…");
	}

	@Test
	void aSingleValuedParameterTakesOneValue() {
		assertThat(refused(Map.of("customer", List.of("a", "b"), "product", List.of("p1", "p2"), "from",
				List.of("now-1h", "now-2h"), "tag", List.of())).fields())
			.containsEntry("customer", "takes one value, was given 2")
			.containsEntry("product", "takes one value, was given 2")
			.containsEntry("tag", "takes one value, was given 0")
			.containsEntry("from", "takes one value, was given 2");
	}

	@Test
	void aMultiValuedListTakesOneToAHundredValues() {
		List<String> many = IntStream.range(0, 101).mapToObj((i) -> "eu").toList();
		assertThat(refused(Map.of("region", many)).fields()).containsExactly(
				Map.entry("region", "takes at most 100 values, was given 101"));
		assertThat(chosen(Map.of("region", many.subList(0, 100))).values()).containsEntry("region", List.of("eu"));
		assertThat(refused(Map.of("region", List.of("", " "))).fields()).containsExactly(
				Map.entry("region", "needs at least one value"));
		assertThat(refused(Map.of("region", List.of())).fields()).containsExactly(
				Map.entry("region", "needs at least one value"));
	}

	@Test
	void valuesAreBounded() {
		assertThat(chosen(Map.of("customer", List.of("é".repeat(200)))).values()).containsEntry("customer",
				List.of("é".repeat(200)));
		assertThat(refused(Map.of("customer", List.of("é".repeat(201)), "tag", List.of("x".repeat(201)))).fields())
			.containsEntry("customer", "must be at most 200 characters, was 201")
			.containsEntry("tag", "must be at most 200 characters, was 201");
		assertThat(chosen(Map.of("limit", List.of("1".repeat(40)))).values()).containsEntry("limit",
				List.of("1".repeat(40)));
		assertThat(refused(Map.of("limit", List.of("1".repeat(41)))).fields()).containsExactly(
				Map.entry("limit", "must be a number of at most 40 characters, was 41"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "NaN", "Infinity", "-Infinity", "1e3", "1E999999999", "0x10", "1,5", "1.2.3", "-", ".",
			"١٢", "10 20" })
	void aNumberIsAFinitePlainDecimal(String number) {
		assertThat(refused(Map.of("limit", List.of(number))).fields()).containsOnlyKeys("limit");
	}

	@Test
	void aBlankValueIsEmptyTextAndAnErrorElsewhere() {
		assertThat(chosen(Map.of("customer", List.of(""))).values()).containsEntry("customer", List.of(""));
		assertThat(chosen(Map.of("customer", List.of("  "))).values()).containsEntry("customer", List.of("  "));
		InvalidValues invalid = refused(Map.of("limit", List.of(""), "product", List.of(""), "tag", List.of(" "), "from",
				List.of("")));
		assertThat(invalid.fields()).containsEntry("limit", "must be a number, was empty")
			.containsEntry("product", "must not be blank")
			.containsEntry("tag", "must not be blank")
			.hasEntrySatisfying("from", (message) -> assertThat(message).endsWith(", was ''"));
	}

	@Test
	void aListWithoutOthersTakesItsOptionsOnly() {
		assertThat(refused(Map.of("region", List.of("eu", "mars"))).fields()).containsExactly(
				Map.entry("region", "must be one of the options, was 'mars'"));
		assertThat(refused(Map.of("level", List.of("1", "4"))).fields()).containsExactly(
				Map.entry("level", "must be one of the options, was '4'"));
		assertThat(chosen(Map.of("tag", List.of("zzz"))).values()).containsEntry("tag", List.of("zzz"));
	}

	@Test
	void aQueriedListTakesTheOptionsLastReadOrItsDefaultWhileNoneAre() {
		assertThat(ChosenValues.of(VARIABLES, Map.of("product", List.of("p2")), LOADED, CLOCK, ZoneOffset.UTC).values())
			.containsEntry("product", List.of("p2"));
		InvalidValues notAnOption = catchThrowableOfType(InvalidValues.class,
				() -> ChosenValues.of(VARIABLES, Map.of("product", List.of("p3")), LOADED, CLOCK, ZoneOffset.UTC));
		assertThat(notAnOption.fields()).containsExactly(Map.entry("product", "must be one of the options, was 'p3'"));
		assertThat(chosen(Map.of("product", List.of("p1"))).values()).containsEntry("product", List.of("p1"));
		assertThat(refused(Map.of("product", List.of("p2"))).fields()).containsExactly(Map.entry("product",
				"must be a default value while the options are not loaded yet, was 'p2'; try again in a moment"));
	}

	@Test
	void queriedOptionsAreComparedAsValues() {
		Variables numbers = new Variables(List.of(new Variable("n", null, VariableType.LIST, false, ValueType.NUMBER, null,
				new OptionsQuery(1, "SELECT n FROM t", 0), false, List.of("1"))), null);
		Function<String, Optional<List<String>>> options = (name) -> Optional.of(List.of("1.0", "2.50", "not a number"));
		assertThat(ChosenValues.of(numbers, Map.of("n", List.of("2.5")), options, CLOCK, ZoneOffset.UTC).values())
			.containsEntry("n", List.of("2.5"));
		assertThat(catchThrowableOfType(InvalidValues.class,
				() -> ChosenValues.of(numbers, Map.of("n", List.of("3")), options, CLOCK, ZoneOffset.UTC))
			.fields()).containsOnlyKeys("n");
	}

	@Test
	void fromResolvesBeforeTo() {
		assertThat(refused(Map.of("from", List.of("now"), "to", List.of("now-1h"))).fields()).containsExactly(Map.entry(
				"from", "must be before to: now is 2026-05-20T10:00:00Z, now-1h is 2026-05-20T09:00:00Z (Z)"));
		assertThat(refused(Map.of("from", List.of("now"), "to", List.of("now"))).fields()).containsOnlyKeys("from");
		// One bound given: the other is its default (from now-6h).
		assertThat(refused(Map.of("to", List.of("now-7h"))).fields()).containsOnlyKeys("from");
		assertThat(chosen(Map.of("from", List.of("today"))).values()).containsEntry("from", List.of("today"))
			.containsEntry("to", List.of("now"));
		assertThat(chosen(Map.of("to", List.of("now-1h"))).values()).containsEntry("from", List.of("now-6h"))
			.containsEntry("to", List.of("now-1h"));
	}

	@Test
	void fromAndToResolveInTheZone() {
		// 10:00 UTC is 00:00 the next day in Kiritimati (UTC+14): "yesterday" there starts at 10:00 UTC the day before.
		ZoneId kiritimati = ZoneId.of("Pacific/Kiritimati");
		assertThat(ChosenValues.of(VARIABLES, Map.of("from", List.of("yesterday"), "to", List.of("today")), NOT_LOADED,
				CLOCK, kiritimati).bound(List.of("from", "to"), NOW, kiritimati))
			.containsEntry("from", List.of(Instant.parse("2026-05-19T10:00:00Z")))
			.containsEntry("to", List.of(Instant.parse("2026-05-20T10:00:00Z")));
	}

	@Test
	void everyBadParameterIsNamedAtOnce() {
		Map<String, List<String>> parameters = new HashMap<>();
		parameters.put("customer", List.of("x".repeat(300)));
		parameters.put("limit", List.of("ten"));
		parameters.put("region", List.of("mars"));
		parameters.put("from", List.of("now-"));
		parameters.put("stray", List.of("1"));
		InvalidValues invalid = refused(parameters);
		assertThat(invalid.fields()).containsOnlyKeys("customer", "limit", "region", "from", "stray");
		assertThat(invalid.fields().keySet()).containsExactly("customer", "limit", "region", "from", "stray");
		assertThat(invalid.getMessage()).startsWith("Invalid values. customer: must be at most 200 characters, was 300; "
				+ "limit: must be a decimal number such as 42 or -1.5, was 'ten'; region: ");
	}

	@Test
	void boundValuesAreJdbcTypes() {
		ChosenValues values = chosen(Map.of("limit", List.of("10.0"), "level", List.of("3", "1"), "from",
				List.of("now-1h"), "to", List.of("2026-05-20T09:30:00Z")));
		Map<String, List<Object>> bound = values.bound(NAMES, NOW, ZoneOffset.UTC);
		assertThat(bound).containsEntry("customer", List.of("acme"))
			.containsEntry("limit", List.of(10L))
			.containsEntry("region", List.of("eu", "us"))
			.containsEntry("product", List.of("p1"))
			.containsEntry("tag", List.of("a"))
			.containsEntry("level", List.of(1L, 3L))
			.containsEntry("from", List.of(Instant.parse("2026-05-20T09:00:00Z")))
			.containsEntry("to", List.of(Instant.parse("2026-05-20T09:30:00Z")));
		assertThat(chosen(Map.of("limit", List.of("2.50"))).bound(List.of("limit"), NOW, ZoneOffset.UTC))
			.containsExactly(Map.entry("limit", List.of(new BigDecimal("2.5"))));
		assertThat(chosen(Map.of("limit", List.of("99999999999999999999"))).bound(List.of("limit"), NOW, ZoneOffset.UTC)
			.get("limit")).containsExactly(new BigDecimal("99999999999999999999"));
		assertThat(chosen(Map.of("limit", List.of(String.valueOf(Long.MIN_VALUE)))).bound(List.of("limit"), NOW,
				ZoneOffset.UTC).get("limit")).containsExactly(Long.MIN_VALUE);
		// The refresher holds restricted values, not the choice: the same binding from them.
		assertThat(ChosenValues.bind(VARIABLES, values.restrictedTo(NAMES), NOW, ZoneOffset.UTC)).isEqualTo(bound);
		// Relative times resolve at the time of binding, not of the choice.
		assertThat(values.bound(List.of("from"), NOW.plusSeconds(60), ZoneOffset.UTC)).containsEntry("from",
				List.of(Instant.parse("2026-05-20T09:01:00Z")));
	}

	@Test
	void bindRefusesANameTheDashboardDoesNotHave() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChosenValues.bind(Variables.NONE, Map.of("from", List.of("now")), NOW, ZoneOffset.UTC))
			.withMessage("'from' is no parameter of this dashboard, whose parameters are []");
	}

	/**
	 * Strings written to break out of a SQL literal or statement. Variables are bound, never
	 * spliced into SQL, so each is either kept exactly as data or refused, naming the field.
	 */
	static Stream<String> injections() {
		return Stream.of("' OR 1=1 --", "'; DROP TABLE x; --", "1; SELECT pg_sleep(10)", "$$", "$tag$ x $tag$", "\\'",
				"\\", "\u2018 OR \u20181\u2019=\u20181", "\u201cquoted\u201d", "a\0b", "\0", "x".repeat(10_000),
				"1 UNION SELECT password FROM users", "%27%20OR%201%3D1", "\r\nSET x=1", "\ud83d\ude00 emoji", "١٢");
	}

	@ParameterizedTest
	@MethodSource("injections")
	void anInjectionIsKeptAsDataOrRefusedNeverAltered(String attack) {
		boolean storable = !attack.contains("\0") && Values.length(attack) <= Values.TEXT_LENGTH;
		for (String name : List.of("customer", "tag")) {
			if (storable) {
				ChosenValues values = chosen(Map.of(name, List.of(attack)));
				assertThat(values.values().get(name)).containsExactly(attack);
				assertThat(values.bound(List.of(name), NOW, ZoneOffset.UTC).get(name)).containsExactly(attack);
			}
			else {
				assertThat(refused(Map.of(name, List.of(attack))).fields()).containsOnlyKeys(name);
			}
		}
		for (String name : List.of("limit", "region", "level", "product", "from", "to")) {
			assertThat(refused(Map.of(name, List.of(attack))).fields()).as(name).containsOnlyKeys(name);
		}
		assertThat(catchThrowableOfType(InvalidValues.class,
				() -> ChosenValues.of(VARIABLES, Map.of("product", List.of(attack)), LOADED, CLOCK, ZoneOffset.UTC))
			.fields()).containsOnlyKeys("product");
	}

	@Test
	void theCanonicalTextOfAnInjectionIsOneEncodedValue() {
		String attack = "'; DROP TABLE x; --&customer=y";
		ChosenValues values = chosen(Map.of("customer", List.of(attack)));
		assertThat(ChosenValues.canonical(values.restrictedTo(List.of("customer"))))
			.isEqualTo("customer=%27%3B+DROP+TABLE+x%3B+--%26customer%3Dy");
	}

	@Test
	void valuesAreUnmodifiable() {
		ChosenValues values = chosen(Map.of());
		assertThat(values.values()).isUnmodifiable();
		assertThat(values.values().get("region")).isUnmodifiable();
		assertThat(values.restrictedTo(NAMES)).isUnmodifiable();
		assertThat(values.bound(NAMES, NOW, ZoneOffset.UTC)).isUnmodifiable();
		assertThat(values.bound(NAMES, NOW, ZoneOffset.UTC).get("level")).isUnmodifiable();
		assertThat(Collections.unmodifiableMap(ChosenValues.defaults(VARIABLES))).isEqualTo(values.values());
	}

	private static ChosenValues chosen(Map<String, List<String>> parameters) {
		return ChosenValues.of(VARIABLES, parameters, NOT_LOADED, CLOCK, ZoneOffset.UTC);
	}

	private static InvalidValues refused(Map<String, List<String>> parameters) {
		return catchThrowableOfType(InvalidValues.class,
				() -> ChosenValues.of(VARIABLES, parameters, NOT_LOADED, CLOCK, ZoneOffset.UTC));
	}

}
