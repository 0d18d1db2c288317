package dev.lookout.refresh;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/panels/{id}/result} over real HTTP through the whole application: the stored
 * bytes with a strong ETag, 304 when the client has them, pending (and one refresh) for a panel
 * without result, and the error contract for a panel that does not exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "lookout.refresh.tick-interval=250ms", "PUBLIC_DASHBOARDS=true" })
@Import(TestModules.class)
class PanelResultControllerTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	ResultCache cache;

	@Autowired
	ScriptedQueries queries;

	@AfterEach
	void releaseQueries() {
		this.queries.release();
	}

	@Test
	void servesTheStoredBytesWithAStrongETagAndNoCaching() throws Exception {
		HttpResponse<byte[]> first = awaitResult(1);
		StoredResult stored = this.cache.get(1).orElseThrow();
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("ETag")).hasValue(stored.etag());
		assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(first.body()).isEqualTo(stored.body());
		HttpResponse<byte[]> second = get("/api/panels/1/result", null);
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(second.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
	}

	@Test
	void aClientWithTheCurrentResultGets304() throws Exception {
		String etag = awaitResult(1).headers().firstValue("ETag").orElseThrow();
		HttpResponse<byte[]> notModified = get("/api/panels/1/result", etag);
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
		assertThat(get("/api/panels/1/result", "\"1-0\"").statusCode()).isEqualTo(200);
	}

	@Test
	void anUnknownPanelIsNotFound() throws Exception {
		HttpResponse<byte[]> response = get("/api/panels/999/result", null);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("NOT_FOUND");
	}

	@Test
	void aPanelWithoutResultIsPendingAndRefreshedOnceHoweverManyAsk() throws Exception {
		awaitResult(2);
		int refreshes = this.queries.calls(TestModules.SQL_2);
		this.queries.hold();
		this.cache.remove(2);
		List<CompletableFuture<HttpResponse<byte[]>>> viewers = IntStream.range(0, 20)
			.mapToObj((i) -> this.http.sendAsync(request("/api/panels/2/result", null),
					HttpResponse.BodyHandlers.ofByteArray()))
			.toList();
		for (CompletableFuture<HttpResponse<byte[]>> viewer : viewers) {
			HttpResponse<byte[]> response = viewer.get();
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("ETag")).hasValue("\"2-0\"");
			JsonNode pending = json.readTree(response.body());
			assertThat(pending.get("status").asString()).isEqualTo("pending");
			assertThat(pending.get("panelId").asLong()).isEqualTo(2);
			assertThat(pending.get("resultVersion").asLong()).isZero();
		}
		await().until(() -> this.queries.running() == 1);
		this.queries.release();
		awaitResult(2);
		assertThat(this.queries.calls(TestModules.SQL_2)).isEqualTo(refreshes + 1);
	}

	private HttpResponse<byte[]> awaitResult(long panelId) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/panels/" + panelId + "/result", null),
				(response) -> response.statusCode() == 200
						&& new String(response.body(), StandardCharsets.UTF_8).contains("\"status\":\"ok\""));
	}

	private HttpResponse<byte[]> get(String path, String ifNoneMatch) throws Exception {
		return this.http.send(request(path, ifNoneMatch), HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpRequest request(String path, String ifNoneMatch) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Accept", "application/json");
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		return request.build();
	}

}
