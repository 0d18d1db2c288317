package dev.lookout.refresh;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

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
 * {@code GET /api/panels/{id}/result} over real HTTP through the whole application, read
 * anonymously (public dashboards, so answered ahead of the filter chain): the stored bytes with
 * a strong ETag, 304 when the client has them, the gzip copy for a client that accepts it,
 * {@code HEAD}, the request id and the chain's security headers, pending (and one refresh) for a
 * panel without result, and the error contract for a panel that does not exist.
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
		StoredResult stored = this.cache.get(ViewKey.of(1)).orElseThrow();
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
	void aClientThatAcceptsGzipGetsTheCopyMadeWhenTheResultWasStored() throws Exception {
		awaitResult(1);
		StoredResult refreshed = this.cache.get(ViewKey.of(1)).orElseThrow();
		StoredResult big = new StoredResult(ViewKey.of(1), 1_000_000, Instant.parse("2026-01-01T00:00:00Z"), false, null,
				("{\"status\":\"ok\",\"rows\":\"" + "0123456789".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8));
		this.cache.put(ViewKey.of(1), big);
		try {
			assertGzipNegotiated(big);
		}
		finally {
			this.cache.put(ViewKey.of(1), refreshed);
		}
	}

	private void assertGzipNegotiated(StoredResult big) throws Exception {
		HttpResponse<byte[]> gzipped = send(request("/api/panels/1/result", null).header("Accept-Encoding", "gzip, br"),
				"GET");
		assertThat(gzipped.statusCode()).isEqualTo(200);
		assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
		assertThat(gzipped.headers().firstValue("ETag")).hasValue(big.gzipEtag());
		assertThat(gzipped.body()).isEqualTo(big.gzipped()).hasSizeLessThan(big.body().length);
		assertThat(gunzip(gzipped.body())).isEqualTo(big.body());

		HttpResponse<byte[]> plain = get("/api/panels/1/result", null);
		assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(plain.headers().firstValue("Vary")).hasValue("Accept-Encoding");
		assertThat(plain.headers().firstValue("ETag")).hasValue(big.etag());
		assertThat(plain.body()).isEqualTo(big.body());

		HttpResponse<byte[]> refused = send(request("/api/panels/1/result", null).header("Accept-Encoding", "gzip;q=0"),
				"GET");
		assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(refused.body()).isEqualTo(big.body());

		HttpResponse<byte[]> notModified = send(
				request("/api/panels/1/result", big.gzipEtag()).header("Accept-Encoding", "gzip"), "GET");
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.headers().firstValue("ETag")).hasValue(big.gzipEtag());
	}

	@Test
	void headAnswersTheHeadersOfGetWithoutTheBody() throws Exception {
		HttpResponse<byte[]> got = awaitResult(1);
		HttpResponse<byte[]> head = send(request("/api/panels/1/result", null), "HEAD");
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(got.body().length));
		assertThat(head.headers().firstValue("ETag")).isEqualTo(got.headers().firstValue("ETag"));
		assertThat(head.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void anonymousReadsCarryTheRequestIdAndTheHeadersOfTheApplicationsChain() throws Exception {
		awaitResult(1);
		HttpResponse<byte[]> result = send(request("/api/panels/1/result", null).header("X-Request-Id", "trace-42"),
				"GET");
		assertThat(result.headers().firstValue("X-Request-Id")).hasValue("trace-42");
		assertThat(get("/api/panels/1/result", null).headers().firstValue("X-Request-Id")).hasValueSatisfying(
				(generated) -> assertThat(generated).matches("[0-9a-f]{16}"));
		// Another JSON answer of the same chain: what the chain writes there, these reads carry too.
		HttpResponse<byte[]> viaChain = get("/api/dashboards", null);
		assertThat(viaChain.statusCode()).isEqualTo(200);
		for (String header : List.of("X-Content-Type-Options", "X-XSS-Protection", "X-Frame-Options",
				"Referrer-Policy")) {
			assertThat(viaChain.headers().firstValue(header)).as(header).isPresent();
			assertThat(result.headers().firstValue(header)).as(header).isEqualTo(viaChain.headers().firstValue(header));
		}
		assertThat(result.headers().allValues("Content-Security-Policy"))
			.containsExactly("default-src 'none'; frame-ancestors 'none'");
		assertThat(result.headers().firstValue("Set-Cookie")).isEmpty();
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
		this.cache.remove(ViewKey.of(2));
		List<CompletableFuture<HttpResponse<byte[]>>> viewers = IntStream.range(0, 20)
			.mapToObj((i) -> this.http.sendAsync(request("/api/panels/2/result", null).build(),
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
		return this.http.send(request(path, ifNoneMatch).build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpResponse<byte[]> send(HttpRequest.Builder request, String method) throws Exception {
		return this.http.send(request.method(method, HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpRequest.Builder request(String path, String ifNoneMatch) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Accept", "application/json");
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		return request;
	}

	private static byte[] gunzip(byte[] gzipped) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
			return in.readAllBytes();
		}
	}

}
