package dev.lookout.datasource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.lookout.web.ApiException;
import dev.lookout.web.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Queries against an embedded H2 database in this JVM (declared by the application, as the
 * demo's is), which ignores read-only connections; opened as a non-admin user, it reaches no
 * file of this server, and opened as its admin it is refused.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(QueriesOnH2Test.EmbeddedDatabases.class)
class QueriesOnH2Test {

	private static final String URL = "jdbc:h2:mem:ds_h2_queries";

	private static final String PASSWORD = "h2 admin secret";

	private static final String READER = "reader";

	private static final String READER_PASSWORD = "h2 reader secret";

	/** Keeps the in-memory database alive for the whole class. */
	private static Connection keeper;

	@Autowired
	DataSources dataSources;

	@Autowired
	Queries queries;

	@BeforeAll
	static void createDatabase() throws Exception {
		// The first connection creates the database and its admin with this password.
		keeper = DriverManager.getConnection(URL, "sa", PASSWORD);
		try (Statement statement = keeper.createStatement()) {
			statement.execute("CREATE TABLE readings (id INT PRIMARY KEY, reading DECIMAL(8, 3))");
			statement.execute("INSERT INTO readings SELECT X, X / 8.0 FROM SYSTEM_RANGE(1, 10)");
			statement.execute("CREATE USER " + READER + " PASSWORD '" + READER_PASSWORD + "'");
			// INSERT too: the rollback that ends every query is the wall these tests prove, not the grant.
			statement.execute("GRANT SELECT, INSERT ON readings TO " + READER);
		}
	}

	@AfterAll
	static void dropDatabase() throws Exception {
		keeper.close();
	}

	@Test
	void valuesBecomeJsonSafeTypes() {
		QueryResult result = this.queries.run(source(10), """
				SELECT CAST(7 AS TINYINT) AS ti, CAST(42 AS BIGINT) AS big, CAST(1.50 AS DECIMAL(5, 2)) AS dec,
				  CAST(0.1 AS REAL) AS r, CAST(2.5 AS DOUBLE PRECISION) AS dbl, FALSE AS b, 'text' AS s,
				  DATE '2024-02-29' AS d, TIME '13:14:15.25' AS t, TIMESTAMP '2024-01-02 03:04:05' AS ts,
				  TIMESTAMP WITH TIME ZONE '2024-01-02 03:04:05+02' AS tstz, TIME WITH TIME ZONE '03:04:05-01:30' AS ttz,
				  CAST('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AS UUID) AS u, JSON '{"a":1}' AS j, ARRAY[1, 2] AS arr,
				  X'01ff' AS bin, CAST(X'0102' AS BLOB) AS blob, CAST('clob' AS CLOB) AS clob, INTERVAL '1' DAY AS iv,
				  CAST(NULL AS INT) AS none
				""", QueryPurpose.PREVIEW);
		assertThat(result.columns()).extracting(QueryColumn::kind)
			.containsExactly("number", "number", "number", "number", "number", "boolean", "string", "date", "time",
					"timestamp", "timestamp", "time", "string", "string", "string", "binary", "binary", "string",
					"unknown", "number");
		assertThat(result.rows().get(0)).containsExactly(7L, 42L, new BigDecimal("1.50"), 0.1f, 2.5, false, "text",
				"2024-02-29", "13:14:15.25", "2024-01-02T03:04:05", "2024-01-02T03:04:05+02:00", "03:04:05-01:30",
				"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"a\":1}", "[1, 2]", "<2 bytes>", "<2 bytes>", "clob",
				"<INTERVAL DAY>", null);
	}

	@Test
	void rowLimitTruncationIsReported() {
		QueryResult result = this.queries.run(source(3), "SELECT id FROM readings ORDER BY id", QueryPurpose.REFRESH);
		assertThat(result.rows()).containsExactly(List.of(1L), List.of(2L), List.of(3L));
		assertThat(result.truncated()).isTrue();
	}

	@Test
	void timeoutCancelsALongQuery() {
		long id = source(10);
		long started = System.nanoTime();
		assertThatExceptionOfType(QueryTimedOut.class)
			.isThrownBy(() -> this.queries.run(id, "SELECT MAX(RAND()) FROM SYSTEM_RANGE(1, 10000000000)",
					QueryPurpose.PREVIEW))
			.withMessageContaining("1000 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void sqlErrorCarriesTheDatabaseMessage() {
		assertThatExceptionOfType(QueryFailed.class)
			.isThrownBy(() -> this.queries.run(source(10), "SELECT * FROM no_such_table", QueryPurpose.PREVIEW))
			.withMessageContaining("Table \"NO_SUCH_TABLE\" not found");
	}

	/** H2 runs writes on a read-only connection; the rollback that ends every query undoes them. */
	@Test
	void writesInsideAQueryAreRolledBack() {
		long id = source(10);
		QueryResult inserted = this.queries.run(id,
				"SELECT id FROM FINAL TABLE (INSERT INTO readings VALUES (99, 0))", QueryPurpose.PREVIEW);
		assertThat(inserted.rows()).containsExactly(List.of(99L));
		assertThat(this.queries.run(id, "SELECT count(*) FROM readings", QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(10L));
	}

	@Test
	void boundValuesComeBackAsDataAndNeverRunAsSql() {
		long id = source(10);
		String injection = "'); DROP TABLE readings; --";
		assertThat(this.queries.run(id, "SELECT :v AS v", Map.of("v", List.of(injection)), QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(injection));
		assertThat(this.queries.run(id, "SELECT count(*) FROM readings", QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(10L));
	}

	@Test
	void aNameWithSeveralValuesFiltersByEachAndNumbersCompareAsNumbers() {
		QueryResult result = this.queries.run(source(10),
				"SELECT id FROM readings WHERE id IN (:ids) AND reading >= :least ORDER BY id",
				Map.of("ids", List.of(2L, 5, 9L), "least", List.of(new BigDecimal("0.5"))), QueryPurpose.PREVIEW);
		assertThat(result.rows()).containsExactly(List.of(5L), List.of(9L));
	}

	@Test
	void instantsCompareWithTimestampsWithTimeZoneAsTheSameMoment() {
		QueryResult result = this.queries.run(source(10),
				"SELECT :at = TIMESTAMP WITH TIME ZONE '2024-01-01 12:00:00+02' AS same,"
						+ " :at < TIMESTAMP WITH TIME ZONE '2024-01-01 11:00:00+00' AS before",
				Map.of("at", List.of(Instant.parse("2024-01-01T10:00:00Z"))), QueryPurpose.PREVIEW);
		assertThat(result.rows()).containsExactly(List.of(true, true));
	}

	/** The prepared path is the same path: rolled back, and cancelled at the timeout. */
	@Test
	void boundQueriesAreRolledBackAndTimedOutLikeAnyOther() {
		long id = source(10);
		assertThat(this.queries.run(id, "SELECT id FROM FINAL TABLE (INSERT INTO readings VALUES (:id, 0))",
				Map.of("id", List.of(98L)), QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(98L));
		assertThat(this.queries.run(id, "SELECT count(*) FROM readings", QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(10L));
		assertThatExceptionOfType(QueryTimedOut.class)
			.isThrownBy(() -> this.queries.run(id, "SELECT MAX(RAND()) FROM SYSTEM_RANGE(1, :n)",
					Map.of("n", List.of(10_000_000_000L)), QueryPurpose.PREVIEW));
	}

	@Test
	void parametersThatCannotBeBoundNeverReachTheDatabase() {
		long id = source(10);
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.queries.run(id, "SELECT * FROM readings WHERE id = :id", Map.of(),
					QueryPurpose.PREVIEW))
			.matches((ex) -> ex.code() == ErrorCode.VALIDATION_FAILED)
			.withMessageContaining(":id");
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.queries.run(id, "SELECT * FROM readings WHERE id = ? OR id = :id",
					Map.of("id", List.of(1L)), QueryPurpose.PREVIEW))
			.withMessageContaining("write :name for values");
	}

	/** DDL would commit on its own in H2, past the rollback: it never reaches the database. */
	@Test
	void statementsOtherThanQueriesNeverRun() {
		long id = source(10);
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.queries.run(id, "DROP TABLE readings", QueryPurpose.PREVIEW))
			.matches((ex) -> ex.code() == ErrorCode.VALIDATION_FAILED);
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.queries.run(id, "SELECT 1; DROP TABLE readings", QueryPurpose.PREVIEW))
			.matches((ex) -> ex.code() == ErrorCode.VALIDATION_FAILED);
		assertThat(this.queries.run(id, "SELECT count(*) FROM readings", QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(10L));
	}

	@Test
	void wrongPasswordMakesTheSourceUnavailable() throws Exception {
		long id = this.dataSources
			.provision(new DataSourceInput(Fixtures.uniqueName("h2-wrong"), URL, READER, "wrong", 1, 1000, 10, null))
			.id();
		assertThatExceptionOfType(DataSourceUnavailable.class)
			.isThrownBy(() -> this.queries.run(id, "SELECT 1", QueryPurpose.PREVIEW))
			.withMessageContaining("Wrong user name or password");
		// After wrong passwords H2 delays the next good login in this JVM (up to 4 s): stop the attempts
		// (deleting the source closes its pool) and take that delay here rather than in another test.
		this.dataSources.delete(id);
		DriverManager.getConnection(URL, READER, READER_PASSWORD).close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT * FROM CSVREAD('data/secret.key')", "SELECT FILE_READ('/etc/hostname')",
			"SELECT * FROM CSVREAD('/proc/self/environ')", "SELECT CSVWRITE('target/h2-written.csv', 'SELECT 1')",
			"SELECT FILE_WRITE('written', 'target/h2-written.txt')",
			"SELECT * FROM LINK_SCHEMA('copy', '', 'jdbc:h2:mem:other', 'sa', '', 'PUBLIC')" })
	void theNonAdminUserReachesNoFileOfThisServer(String sql) {
		assertThatExceptionOfType(QueryFailed.class)
			.isThrownBy(() -> this.queries.run(source(10), sql, QueryPurpose.PREVIEW))
			.withMessageContaining("Admin rights are required");
		assertThat(Path.of("target/h2-written.csv")).doesNotExist();
		assertThat(Path.of("target/h2-written.txt")).doesNotExist();
	}

	/** RUNSCRIPT is no query: it never reaches the database. */
	@Test
	void scriptsAreNeverRun() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.queries.run(source(10), "RUNSCRIPT FROM '/etc/hostname'", QueryPurpose.PREVIEW))
			.matches((ex) -> ex.code() == ErrorCode.VALIDATION_FAILED);
	}

	@Test
	void anEmbeddedDatabaseOpenedAsItsAdminIsRefused() {
		long id = this.dataSources
			.provision(new DataSourceInput(Fixtures.uniqueName("h2-admin"), URL, "sa", PASSWORD, 1, 1000, 10, null))
			.id();
		assertThatExceptionOfType(DataSourceRefused.class)
			.isThrownBy(() -> this.queries.run(id, "SELECT * FROM CSVREAD('data/secret.key')", QueryPurpose.PREVIEW))
			.withMessageContaining("H2 admin");
	}

	@Test
	void anAdminCannotCreateOrEditAnH2SourceEvenAnEmbeddedOne() {
		DataSourceInput embedded = new DataSourceInput(Fixtures.uniqueName("h2-typed"), URL, READER, READER_PASSWORD,
				1, 1000, 10, null);
		assertThatExceptionOfType(InvalidDataSource.class).isThrownBy(() -> this.dataSources.create(embedded))
			.satisfies((ex) -> assertThat(ex.problems().get("jdbcUrl")).startsWith("H2 data sources are not allowed"));
		DataSourceDefinition provisioned = this.dataSources.provision(embedded);
		assertThatExceptionOfType(InvalidDataSource.class)
			.isThrownBy(() -> this.dataSources.update(provisioned.id(), Fixtures.edited(provisioned, null, 5)));
	}

	private long source(int rowLimit) {
		return this.dataSources
			.provision(new DataSourceInput(Fixtures.uniqueName("h2"), URL, READER, READER_PASSWORD, 2, 1000, rowLimit,
					null))
			.id();
	}

	/** What the demo does for its own database: declare it, with the user it is opened as. */
	@TestConfiguration(proxyBeanMethods = false)
	static class EmbeddedDatabases {

		@Bean
		EmbeddedDataSource readerOfTheTestDatabase() {
			return new EmbeddedDataSource(URL, READER);
		}

		@Bean
		EmbeddedDataSource adminOfTheTestDatabase() {
			return new EmbeddedDataSource(URL, "sa");
		}

	}

}
