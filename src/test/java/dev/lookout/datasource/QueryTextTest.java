package dev.lookout.datasource;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Only one query statement reaches a database, whatever quoting hides a semicolon. */
class QueryTextTest {

	@Test
	void trailingSemicolonsAndWhitespaceAreDropped() {
		assertThat(QueryText.statementOf("  SELECT 1 ;; \n")).isEqualTo("SELECT 1");
		assertThat(QueryText.statementOf("SELECT 1; -- done\n/* really */")).isEqualTo("SELECT 1");
		assertThat(QueryText.statementOf("SELECT 1 -- no semicolon")).isEqualTo("SELECT 1 -- no semicolon");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT 'a;b'", "SELECT 'it''s; fine'", "SELECT \"odd;name\" FROM t",
			"SELECT 1 -- a; b\n", "SELECT /* a; /* nested; */ still; */ 1", "SELECT $$a;b$$",
			"select 1", "WITH x AS (SELECT 1) SELECT * FROM x", "VALUES (1)", "TABLE t", "SHOW search_path",
			"EXPLAIN SELECT 1", "((SELECT 1) UNION (SELECT 2))", "/* lead */ -- in\n SELECT 1" })
	void oneQueryRunsWhereverItsSemicolonsHide(String sql) {
		assertThat(QueryText.statementOf(sql)).isEqualTo(sql.strip());
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT 1; DELETE FROM t", "SELECT 1;SELECT 2;", "SELECT 'a'; 'b'",
			"SELECT 1; (SELECT 2)", "SELECT 1 /* x */; COMMIT" })
	void secondStatementIsRefused(String sql) {
		assertRefused(sql).withMessageStartingWith("Only one statement can run at a time");
	}

	/**
	 * PostgreSQL's E'' strings and MySQL's strings take a backslash as an escape, standard
	 * strings do not: each reading would split these differently, so every ';' counts.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "SELECT E'\\''; COMMIT; DELETE FROM t; --'", "SELECT 'a\\'; DELETE FROM t; --'",
			"SELECT \"a\\\"; DELETE FROM t; --\"", "SELECT $x$;$x$, 1; DELETE FROM t" })
	void semicolonsInAmbiguousQuotingAllCount(String sql) {
		assertRefused(sql).withMessageContaining("every ';' counts");
	}

	@Test
	void ambiguousQuotingWithOnlyATrailingSemicolonRuns() {
		assertThat(QueryText.statementOf("SELECT E'a\\nb';")).isEqualTo("SELECT E'a\\nb'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "DELETE FROM t", "COMMIT", "SET TRANSACTION READ WRITE", "CREATE TABLE x (i int)",
			"CALL something()", "'SELECT'" })
	void onlyQueriesRun(String sql) {
		assertRefused(sql).withMessageStartingWith("Only queries can run");
	}

	@Test
	void emptyOrHugeSqlIsRefused() {
		assertRefused(" \n").withMessage("sql is required");
		assertRefused("-- nothing but a comment").withMessageStartingWith("Only queries can run");
		assertRefused("SELECT " + "1".repeat(QueryText.MAX_LENGTH))
			.withMessage("sql must be at most 100000 characters, but has 100007");
	}

	private static org.assertj.core.api.ThrowableAssertAlternative<ApiException> assertRefused(String sql) {
		return assertThatExceptionOfType(ApiException.class).isThrownBy(() -> QueryText.statementOf(sql))
			.matches((ex) -> ex.code() == ErrorCode.VALIDATION_FAILED, "VALIDATION_FAILED");
	}

}
