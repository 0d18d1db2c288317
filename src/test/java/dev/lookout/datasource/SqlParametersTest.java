package dev.lookout.datasource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Parameters are found in code only, and each value becomes a mark of its own, never text. */
class SqlParametersTest {

	@Test
	void namesAreFoundInCodeInOrderOfFirstUse() {
		assertThat(SqlParameters.namesIn("SELECT * FROM t WHERE region IN (:region) AND at >= :from AND at < :to"
				+ " AND (region = :region OR :Region_2 IS NULL)")).containsExactly("region", "from", "to", "Region_2");
		assertThat(SqlParameters.namesIn("SELECT :a,:b+:c FROM t WHERE x=(:d)")).containsExactly("a", "b", "c", "d");
		assertThat(SqlParameters.namesIn("SELECT 1 WHERE x = :_x1;")).containsExactly("_x1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT ':x'", "SELECT 'it'':x'", "SELECT \"col:x\" FROM t", "SELECT 1 -- :x\n",
			"SELECT /* :x /* :y */ :z */ 1", "SELECT $$ :x $$", "SELECT $q$ :x $q$", "SELECT a::text FROM t",
			"SELECT now()::date", "SELECT arr[1:2] FROM t", "SELECT arr[lo:hi] FROM t", "SELECT f(x)[1:n] FROM t",
			"SELECT x:y FROM t", "SELECT :1", "SELECT : x", "SELECT 1 WHERE a := 1", "SELECT ':x' :: text" })
	void nothingElseIsAParameter(String sql) {
		assertThat(SqlParameters.namesIn(sql)).isEmpty();
	}

	@Test
	void sqlThatCouldNotRunIsRefusedAsBefore() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> SqlParameters.namesIn("DELETE FROM t WHERE a = :a"))
			.matches((ex) -> ex.code() == ErrorCode.VALIDATION_FAILED)
			.withMessageStartingWith("Only queries can run");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> SqlParameters.namesIn(null))
			.withMessage("sql is required");
	}

	@Test
	void eachNameBecomesOneMarkPerValueAndTheValuesFollowInOrder() {
		SqlParameters.Bound bound = rewrite("  SELECT * FROM t WHERE region IN (:region) AND n > :n OR r = :region;",
				Map.of("region", List.of("EU", "US", "APAC"), "n", List.of(5), "unused", List.of()),
				DataSourceKind.POSTGRESQL);
		assertThat(bound.sql()).isEqualTo("SELECT * FROM t WHERE region IN (?, ?, ?) AND n > ? OR r = ?, ?, ?");
		assertThat(bound.values()).containsExactly("EU", "US", "APAC", 5L, "EU", "US", "APAC");
	}

	@Test
	void valuesAreNeverWrittenIntoTheText() {
		SqlParameters.Bound bound = rewrite("SELECT :v AS v", Map.of("v", List.of("'); DROP TABLE t; --")),
				DataSourceKind.H2);
		assertThat(bound.sql()).isEqualTo("SELECT ? AS v");
		assertThat(bound.values()).containsExactly("'); DROP TABLE t; --");
	}

	@Test
	void sqlThatNamesNoParameterStaysAsItIsWhateverIsGiven() {
		String json = "SELECT data ? 'key', data ?| array['a'] FROM t";
		SqlParameters.Bound bound = rewrite(json + ";", Map.of("region", List.of("EU")), DataSourceKind.POSTGRESQL);
		assertThat(bound.sql()).isEqualTo(json);
		assertThat(bound.values()).isEmpty();
	}

	@Test
	void onPostgresABareQuestionMarkIsEscapedForTheDriver() {
		SqlParameters.Bound bound = rewrite("SELECT data ? 'k', '?', \"?\", $$?$$ FROM t WHERE r = :r -- ?",
				Map.of("r", List.of("EU")), DataSourceKind.POSTGRESQL);
		assertThat(bound.sql()).isEqualTo("SELECT data ?? 'k', '?', \"?\", $$?$$ FROM t WHERE r = ? -- ?");
		assertThat(bound.values()).containsExactly("EU");
	}

	@ParameterizedTest
	@EnumSource(value = DataSourceKind.class, names = "POSTGRESQL", mode = EnumSource.Mode.EXCLUDE)
	void elsewhereABareQuestionMarkIsRefused(DataSourceKind kind) {
		assertRefused("SELECT * FROM t WHERE a = ? AND r = :r", Map.of("r", List.of("EU")), kind)
			.withMessage("The SQL has a '?' at position 27, which would take one of the values bound: write :name"
					+ " for values");
		assertThat(rewrite("SELECT '?' WHERE r = :r", Map.of("r", List.of("EU")), kind).sql())
			.isEqualTo("SELECT '?' WHERE r = ?");
	}

	/** Where a string ends depends on the database there, so whether a '?' is in code does too. */
	@ParameterizedTest
	@EnumSource(DataSourceKind.class)
	void withAmbiguousQuotingNoQuestionMarkMayAppear(DataSourceKind kind) {
		assertRefused("SELECT 'a\\', ' ?' WHERE r = :r", Map.of("r", List.of("EU")), kind)
			.withMessageContaining("no '?' may appear");
		assertThat(rewrite("SELECT E'a\\n' WHERE r = :r", Map.of("r", List.of("EU")), kind).sql())
			.isEqualTo("SELECT E'a\\n' WHERE r = ?");
	}

	@Test
	void instantsAreBoundAsEachDatabaseComparesThem() {
		Instant at = Instant.parse("2024-03-01T10:15:30Z");
		Map<String, List<Object>> values = Map.of("at", List.of(at));
		assertThat(rewrite("SELECT :at", values, DataSourceKind.POSTGRESQL).values())
			.containsExactly(OffsetDateTime.of(2024, 3, 1, 10, 15, 30, 0, ZoneOffset.UTC));
		assertThat(rewrite("SELECT :at", values, DataSourceKind.H2).values())
			.containsExactly(OffsetDateTime.of(2024, 3, 1, 10, 15, 30, 0, ZoneOffset.UTC));
		assertThat(rewrite("SELECT :at", values, DataSourceKind.MARIADB).values())
			.containsExactly(LocalDateTime.of(2024, 3, 1, 10, 15, 30));
		assertThat(rewrite("SELECT :at", values, DataSourceKind.MYSQL).values())
			.containsExactly(LocalDateTime.of(2024, 3, 1, 10, 15, 30));
	}

	@Test
	void numbersKeepTheirType() {
		assertThat(rewrite("SELECT :n", Map.of("n", List.of(1, 2L, new BigDecimal("2.50"))), DataSourceKind.H2).values())
			.containsExactly(1L, 2L, new BigDecimal("2.50"));
	}

	@Test
	void aNameWithoutValuesIsRefused() {
		assertRefused("SELECT :x", Map.of(), DataSourceKind.H2)
			.withMessage("The SQL names :x, but no value is given for it (is it a variable of this dashboard?)");
		assertRefused("SELECT 1 WHERE a IN (:region)", Map.of("region", List.of()), DataSourceKind.H2)
			.withMessage(":region has no value, but the SQL that names it needs at least one");
		assertRefused("SELECT :X", Map.of("x", List.of(1)), DataSourceKind.H2).withMessageContaining(":X");
	}

	@Test
	void valuesOfOtherTypesAreRefused() {
		assertRefused("SELECT :flag", Map.of("flag", List.of("a", true)), DataSourceKind.H2)
			.withMessage(":flag's value 2 is a Boolean, but values can only be strings, whole numbers, decimals or"
					+ " instants");
		assertRefused("SELECT :n", Map.of("n", Collections.singletonList(null)), DataSourceKind.H2)
			.withMessageStartingWith(":n's value 1 is null");
	}

	@Test
	void atMostAThousandValuesAreBoundCountingEachUse() {
		List<Object> thousand = Collections.nCopies(1000, "v");
		assertThat(rewrite("SELECT 1 WHERE a IN (:a)", Map.of("a", thousand), DataSourceKind.H2).values()).hasSize(1000);
		assertRefused("SELECT 1 WHERE a IN (:a) OR b = :b", Map.of("a", thousand, "b", List.of(1)), DataSourceKind.H2)
			.withMessage("At most 1000 values can be bound in all, each use of a name counting all its values, but the"
					+ " SQL would bind 1001");
		List<Object> six = Collections.nCopies(600, "v");
		assertRefused("SELECT 1 WHERE a IN (:a) OR b IN (:a)", Map.of("a", six), DataSourceKind.H2)
			.withMessageEndingWith("would bind 1200");
	}

	private static SqlParameters.Bound rewrite(String sql, Map<String, List<Object>> values, DataSourceKind kind) {
		return SqlParameters.rewrite(QueryText.parse(sql), values, kind);
	}

	private static org.assertj.core.api.ThrowableAssertAlternative<ApiException> assertRefused(String sql,
			Map<String, List<Object>> values, DataSourceKind kind) {
		return assertThatExceptionOfType(ApiException.class).isThrownBy(() -> rewrite(sql, values, kind))
			.matches((ex) -> ex.code() == ErrorCode.VALIDATION_FAILED, "VALIDATION_FAILED");
	}

}
