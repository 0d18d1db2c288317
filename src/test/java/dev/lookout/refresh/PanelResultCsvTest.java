package dev.lookout.refresh;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.lookout.datasource.DataSourceUnavailable;
import dev.lookout.datasource.QueryColumn;
import dev.lookout.datasource.QueryFailed;
import dev.lookout.datasource.QueryResult;
import dev.lookout.variables.TimeRange;
import dev.lookout.variables.ValueType;
import dev.lookout.variables.Variable;
import dev.lookout.variables.VariableType;
import dev.lookout.variables.Variables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/panels/{id}/result.csv} over real HTTP through the whole application (public
 * dashboards, so read anonymously, through the filter chain): the stored data as RFC 4180 CSV
 * whose hostile cells open as text, the state of the data in headers, an ETag of its own and 304,
 * the view the parameters choose, stale after a failed refresh, and the error contract of the JSON
 * read (404, 400 VALIDATION_FAILED, and 503 while there is no result yet).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "lookout.refresh.tick-interval=250ms", "PUBLIC_DASHBOARDS=true" })
@Import(PanelResultCsvTest.Panels.class)
class PanelResultCsvTest {

	static final String SQL_HOSTILE = "csv hostile";

	static final String SQL_BY_REGION = "csv WHERE region = :region";

	static final String SQL_STALE = "csv stale";

	static final String SQL_NEVER = "csv never";

	static final List<String> HOSTILE = List.of("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1");

	private static final Variables REGION = new Variables(List.of(new Variable("region", "Region", VariableType.LIST,
			false, ValueType.TEXT, List.of("EU", "US", "APAC"), null, false, List.of("EU"))),
			new TimeRange("Time range", "now-1h", "now"));

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	ResultCache cache;

	@Autowired
	CacheUpdater updater;

	@Autowired
	Panels.Queries queries;

	@AfterEach
	void succeedAgain() {
		this.queries.failing.set(false);
	}

	@Test
	void exportsTheStoredDataAsCsvWhoseHostileCellsOpenAsText() throws Exception {
		HttpResponse<byte[]> response = awaitCsv("/api/panels/1/result.csv");
		StoredResult stored = this.cache.get(ViewKey.of(1)).orElseThrow();
		assertThat(response.statusCode()).isEqualTo(200);
		String contentType = response.headers().firstValue("Content-Type").orElseThrow().toLowerCase().replace(" ", "");
		assertThat(contentType).startsWith("text/csv;").contains("charset=utf-8").contains("header=present");
		String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(stored.asOf());
		assertThat(response.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"1-" + stamp + ".csv\"");
		assertThat(response.headers().firstValue("Lookout-Stale")).hasValue("false");
		assertThat(response.headers().firstValue("Lookout-Stale-Reason")).isEmpty();
		assertThat(response.headers().firstValue("Lookout-As-Of")).hasValue(stored.asOf().toString());
		assertThat(Instant.parse(response.headers().firstValue("Lookout-As-Of").orElseThrow())).isEqualTo(stored.asOf());
		assertThat(response.headers().firstValue("Lookout-Truncated")).hasValue("true");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(response.headers().firstValue("ETag")).hasValue("\"1-" + stored.resultVersion() + "-csv\"");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("Content-Length"))
			.hasValue(Integer.toString(response.body().length));

		List<List<String>> records = StrictCsv.parse(csvText(response.body()));
		assertThat(records.get(0)).containsExactly("text", "n", "note");
		assertThat(records).hasSize(1 + HOSTILE.size() + 1);
		for (int i = 0; i < HOSTILE.size(); i++) {
			List<String> record = records.get(i + 1);
			assertThat(record.get(0)).as("hostile cell %d opens as text", i).startsWith("'").isEqualTo("'" + HOSTILE.get(i));
			assertThat(record.get(1)).as("a number stays a number").isEqualTo("-5");
		}
		assertThat(records.get(HOSTILE.size() + 1)).containsExactly("Zürich, \"centre\"", "10.50", "");
	}

	@Test
	void aClientWithTheCurrentExportGets304AndHeadHasTheHeadersAlone() throws Exception {
		HttpResponse<byte[]> got = awaitCsv("/api/panels/1/result.csv");
		String etag = got.headers().firstValue("ETag").orElseThrow();
		String jsonEtag = get("/api/panels/1/result", null).headers().firstValue("ETag").orElseThrow();
		assertThat(etag).isEqualTo(jsonEtag.substring(0, jsonEtag.length() - 1) + "-csv\"");

		HttpResponse<byte[]> notModified = get("/api/panels/1/result.csv", etag);
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
		// The JSON's tag is of other bytes: no 304 for it.
		assertThat(get("/api/panels/1/result.csv", jsonEtag).statusCode()).isEqualTo(200);

		HttpResponse<byte[]> head = send(request("/api/panels/1/result.csv", null), "HEAD");
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(head.headers().firstValue("ETag")).hasValue(etag);
		assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(got.body().length));
	}

	@Test
	void theParametersChooseTheViewExportedAsForTheJsonRead() throws Exception {
		List<List<String>> defaults = StrictCsv.parse(csvText(awaitCsv("/api/panels/2/result.csv").body()));
		assertThat(defaults).containsExactly(List.of("region", "orders"), List.of("EU", "3"));

		HttpResponse<byte[]> us = awaitCsv("/api/panels/2/result.csv?region=US");
		assertThat(StrictCsv.parse(csvText(us.body()))).containsExactly(List.of("region", "orders"), List.of("US", "3"));
		// The file name is the panel's and the time's, never the values chosen.
		assertThat(us.headers().firstValue("Content-Disposition").orElseThrow()).matches(
				"attachment; filename=\"2-\\d{8}-\\d{6}\\.csv\"");
		JsonNode view = json.readTree(get("/api/panels/2/result?region=US", null).body());
		assertThat(us.headers().firstValue("ETag")).hasValue("\"" + view.get("view").asString() + "-"
				+ view.get("resultVersion").asLong() + "-csv\"");
	}

	@Test
	void aFailedRefreshMakesTheExportStaleWithItsReasonAndTheSameData() throws Exception {
		HttpResponse<byte[]> good = awaitCsv("/api/panels/3/result.csv");
		assertThat(good.headers().firstValue("Lookout-Stale")).hasValue("false");
		this.queries.failing.set(true);
		this.updater.requestRefresh(ViewKey.of(3));
		HttpResponse<byte[]> stale = await().atMost(Duration.ofSeconds(10))
			.until(() -> get("/api/panels/3/result.csv", null),
					(response) -> response.headers().firstValue("Lookout-Stale").orElse("").equals("true"));
		assertThat(stale.statusCode()).isEqualTo(200);
		assertThat(stale.headers().firstValue("Lookout-Stale-Reason")).hasValue("QUERY_FAILED");
		assertThat(stale.headers().firstValue("Lookout-As-Of")).isEqualTo(good.headers().firstValue("Lookout-As-Of"));
		assertThat(stale.headers().firstValue("Lookout-Truncated")).hasValue("false");
		assertThat(stale.headers().firstValue("ETag")).isNotEqualTo(good.headers().firstValue("ETag"));
		assertThat(stale.body()).isEqualTo(good.body());
	}

	@Test
	void aViewWithoutResultIsUnavailableForNowWithRetryAfter() throws Exception {
		HttpResponse<byte[]> response = get("/api/panels/4/result.csv", null);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(problem.get("detail").asString()).isEqualTo("The panel has no result yet; retry shortly.");
	}

	@Test
	void anUnknownPanelIsNotFound() throws Exception {
		HttpResponse<byte[]> response = get("/api/panels/999/result.csv", null);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("NOT_FOUND");
	}

	@Test
	void aBadValueOrAnUnknownParameterIsRefusedAsForTheJsonRead() throws Exception {
		for (String query : List.of("region=MARS", "nope=1")) {
			HttpResponse<byte[]> response = get("/api/panels/2/result.csv?" + query, null);
			assertThat(response.statusCode()).as(query).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(json.readTree(response.body()).get("code").asString()).as(query).isEqualTo("VALIDATION_FAILED");
		}
	}

	private HttpResponse<byte[]> awaitCsv(String path) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> get(path, null), (response) -> response.statusCode() == 200);
	}

	/** The CSV after the byte order mark, which must be there. */
	private static String csvText(byte[] body) {
		assertThat(Arrays.copyOf(body, 3)).containsExactly(0xEF, 0xBB, 0xBF);
		return new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
	}

	private HttpResponse<byte[]> get(String path, String ifNoneMatch) throws Exception {
		return this.http.send(request(path, ifNoneMatch).build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpResponse<byte[]> send(HttpRequest.Builder request, String method) throws Exception {
		return this.http.send(request.method(method, HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpRequest.Builder request(String path, String ifNoneMatch) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Accept", "text/csv, application/json");
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		return request;
	}

	/**
	 * Four panels refreshed hourly: hostile text beside numbers (cut at the row limit), one by
	 * region, one whose query fails when told, one whose data source is never reachable.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Panels {

		@Bean
		@Primary
		TestPanels csvPanels() {
			return new TestPanels().with(TestPanels.panel(1, SQL_HOSTILE, Duration.ofHours(1)))
				.with(TestPanels.panel(2, SQL_BY_REGION, Duration.ofHours(1), 1, REGION, List.of("region")))
				.with(TestPanels.panel(3, SQL_STALE, Duration.ofHours(1)))
				.with(TestPanels.panel(4, SQL_NEVER, Duration.ofHours(1)));
		}

		@Bean
		@Primary
		Queries csvQueries() {
			return new Queries();
		}

		static class Queries implements PanelQuery {

			final AtomicBoolean failing = new AtomicBoolean();

			@Override
			public QueryResult run(long dataSourceId, String sql, Map<String, List<Object>> parameters) {
				return switch (sql) {
					case SQL_HOSTILE -> hostile();
					case SQL_BY_REGION -> new QueryResult(
							List.of(new QueryColumn("region", "string", "VARCHAR"),
									new QueryColumn("orders", "number", "BIGINT")),
							List.of(List.of(parameters.get("region").get(0), 3)), false, 1000, Duration.ofMillis(2));
					case SQL_STALE -> {
						if (this.failing.get()) {
							throw new QueryFailed("relation \"gone\" does not exist");
						}
						yield new QueryResult(List.of(new QueryColumn("n", "number", "INTEGER")),
								List.of(List.of(1), List.of(2)), false, 1000, Duration.ofMillis(2));
					}
					default -> throw new DataSourceUnavailable("test", "never reachable", Duration.ofSeconds(1));
				};
			}

			private static QueryResult hostile() {
				List<QueryColumn> columns = List.of(new QueryColumn("text", "string", "VARCHAR"),
						new QueryColumn("n", "number", "INTEGER"), new QueryColumn("note", "string", "VARCHAR"));
				List<List<Object>> rows = new ArrayList<>();
				for (String cell : HOSTILE) {
					rows.add(List.of(cell, -5, "x"));
				}
				rows.add(Arrays.asList("Zürich, \"centre\"", new BigDecimal("10.50"), null));
				return new QueryResult(columns, rows, true, rows.size(), Duration.ofMillis(2));
			}

		}

	}

}
