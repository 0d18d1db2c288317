package dev.lookout.datasource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Variables' values on a real PostgreSQL: the server receives {@code $1} and the value apart,
 * so a value is data whatever it holds; lists, numbers and instants compare as their columns.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithMockUser(username = "admin", roles = "ADMIN")
class BoundParametersOnPostgresTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String INJECTION = "'); DROP TABLE orders; --";

	private static TestPostgres.Database database;

	@Autowired
	DataSources dataSources;

	@Autowired
	Queries queries;

	@Autowired
	MockMvcTester mvc;

	@BeforeAll
	static void createDatabase() throws Exception {
		database = TestPostgres.get().createDatabase("ds_bound_parameters");
		Fixtures.execute(database,
				"CREATE TABLE orders (id int PRIMARY KEY, region text, total numeric(12, 2), placed timestamptz)",
				"INSERT INTO orders SELECT i, (ARRAY['EU', 'US', 'APAC', 'LATAM'])[1 + i % 4], i * 1.25,"
						+ " TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * INTERVAL '1 hour' FROM generate_series(1, 12) AS i");
	}

	@Test
	void aValueComesBackAsDataAndNeverRunsAsSql() {
		long id = source(5000);
		assertThat(this.queries.run(id, "SELECT :v AS v", Map.of("v", List.of(INJECTION)), QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(INJECTION));
		assertThat(this.queries.run(id, "SELECT count(*) FROM orders", QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(12L));
	}

	/**
	 * What the backend runs, read by the statement itself: {@code pg_stat_activity.query} is the
	 * text the server received, unlike {@code pg_stat_statements}, which shows {@code $1} for a
	 * literal too. Without parameters the same check sees the value, so it tells the two apart.
	 */
	@Test
	void theServerReceivesPlaceholdersNotTheValue() {
		long id = source(5000);
		String received = "SELECT (SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid()) AS received";
		QueryResult bound = this.queries.run(id, received + ", :v AS v", Map.of("v", List.of(INJECTION)),
				QueryPurpose.REFRESH);
		assertThat((String) bound.rows().get(0).get(0)).contains("$1").doesNotContain("DROP TABLE");
		assertThat(bound.rows().get(0).get(1)).isEqualTo(INJECTION);

		QueryResult literal = this.queries.run(id, received + ", 'DROP TABLE' AS v", QueryPurpose.REFRESH);
		assertThat((String) literal.rows().get(0).get(0)).contains("DROP TABLE").doesNotContain("$1");
	}

	@Test
	void aNameWithSeveralValuesFiltersByEachAndNumbersCompareWithTheirColumns() {
		long id = source(5000);
		QueryResult regions = this.queries.run(id,
				"SELECT id FROM orders WHERE region IN (:region) AND id > :after AND total < :below ORDER BY id",
				Map.of("region", List.of("EU", "US", "APAC"), "after", List.of(2), "below", List.of(new BigDecimal("12.5"))),
				QueryPurpose.REFRESH);
		// Regions by id % 4: 0 EU, 1 US, 2 APAC, 3 LATAM; ids 3 to 9 (total 11.25 < 12.5), no LATAM.
		assertThat(regions.rows()).containsExactly(List.of(4L), List.of(5L), List.of(6L), List.of(8L), List.of(9L));
		assertThat(this.queries.run(id, "SELECT count(*) FROM orders WHERE id IN (:ids)",
				Map.of("ids", List.of(1L, 7L, 11L, 99L)), QueryPurpose.REFRESH).rows())
			.containsExactly(List.of(3L));
	}

	@Test
	void instantsCompareWithTimestamptzAsTheSameMoment() {
		QueryResult window = this.queries.run(source(5000),
				"SELECT id FROM orders WHERE placed >= :from AND placed < :to ORDER BY id",
				Map.of("from", List.of(Instant.parse("2024-01-01T03:00:00Z")),
						"to", List.of(Instant.parse("2024-01-01T06:00:00Z"))),
				QueryPurpose.REFRESH);
		assertThat(window.rows()).containsExactly(List.of(3L), List.of(4L), List.of(5L));
	}

	/** Parameterless SQL runs as a plain statement as before; with parameters, '?' is escaped for the driver. */
	@Test
	void jsonQuestionMarkOperatorsWorkWithAndWithoutParameters() {
		long id = source(5000);
		assertThat(this.queries.run(id, "SELECT '{\"a\": 1}'::jsonb ? 'a' AS has", QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(true));
		assertThat(this.queries.run(id, "SELECT '{\"a\": 1}'::jsonb ? :key AS has, '{\"a\": 1}'::jsonb ?| ARRAY[:key]",
				Map.of("key", List.of("b")), QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(false, false));
	}

	/** The prepared path is the same path: read-only, and cancelled by the server's statement timeout. */
	@Test
	void boundQueriesAreReadOnlyAndTimedOutLikeAnyOther() {
		long id = source(1000);
		assertThatExceptionOfType(QueryFailed.class)
			.isThrownBy(() -> this.queries.run(id,
					"WITH gone AS (DELETE FROM orders WHERE id = :id RETURNING id) SELECT * FROM gone",
					Map.of("id", List.of(1L)), QueryPurpose.PREVIEW))
			.withMessageContaining("read-only transaction");
		assertThatExceptionOfType(QueryTimedOut.class)
			.isThrownBy(() -> this.queries.run(id, "SELECT pg_sleep(:seconds)", Map.of("seconds", List.of(10L)),
					QueryPurpose.PREVIEW));
		assertThat(this.queries.run(id, "SELECT count(*) FROM orders", QueryPurpose.PREVIEW).rows())
			.containsExactly(List.of(12L));
	}

	@Test
	void thePreviewTakesParametersAsJson() throws Exception {
		long id = source(5000);
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("region", List.of("EU", "US"));
		parameters.put("limit", List.of(3));
		parameters.put("least", List.of(2.5));
		JsonNode result = body(preview(id, "SELECT id FROM orders WHERE region IN (:region) AND total > :least"
				+ " ORDER BY id LIMIT :limit", parameters));
		assertThat(result.get("rows").toString()).isEqualTo("[[4],[5],[8]]");

		MvcTestResult refused = preview(id, "SELECT :flag", Map.of("flag", List.of(true)));
		assertThat(refused).hasStatus(400);
		assertThat(body(refused).get("code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(body(refused).get("detail").asString())
			.isEqualTo("parameters.flag[0] must be a string or a number, but is boolean");
		assertThat(body(preview(id, "SELECT :region", Map.of("region", "EU"))).get("detail").asString())
			.isEqualTo("parameters.region must be an array of values, but is string");
		assertThat(body(preview(id, "SELECT :missing", Map.of())).get("detail").asString())
			.startsWith("The SQL names :missing");
	}

	private long source(int queryTimeoutMs) {
		return this.dataSources
			.create(Fixtures.postgres(Fixtures.uniqueName("bound"), database, 2, queryTimeoutMs, 100))
			.source()
			.id();
	}

	private MvcTestResult preview(long id, String sql, Map<String, Object> parameters) {
		return this.mvc.post()
			.uri("/api/query")
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.content(json.writeValueAsString(Map.of("dataSourceId", id, "sql", sql, "parameters", parameters)))
			.exchange();
	}

	private static JsonNode body(MvcTestResult result) throws Exception {
		return json.readTree(result.getResponse().getContentAsString());
	}

}
