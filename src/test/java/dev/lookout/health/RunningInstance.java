package dev.lookout.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.lookout.testsupport.TestDirectory;
import dev.lookout.testsupport.TestPostgres;
import dev.lookout.testsupport.TestRedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The whole application on real servers, the application database on the test PostgreSQL and
 * results in the test Redis, with small bounds that tests can exhaust: 3 request-pool
 * connections, 12 request threads of which 4 are kept for health. Every subclass shares this
 * one context; tests that stop or pause a server restore it before they end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "lookout.database.pool-size=3", "lookout.database.pool-wait=500ms",
				"lookout.http.max-threads=12", "lookout.health.reserved-threads=4", "lookout.health.timeout=1s",
				"lookout.health.cache=1s", "lookout.refresh.tick-interval=250ms",
				"management.endpoint.health.show-details=always" })
@Import(RunningInstance.HeldRequests.class)
abstract class RunningInstance {

	static final TestPostgres.Database DATABASE = TestPostgres.get().createDatabase("health_app");

	/** Per test class, like the application context: a test may stop it. */
	static final TestDirectory DIRECTORY = TestDirectory.start("dc=example,dc=com", "directory/example.ldif", true);

	/** HTTP_MAX_THREADS above. */
	static final int THREADS = 12;

	/** HTTP_MAX_THREADS - HEALTH_RESERVED_THREADS above. */
	static final int UNRESERVED_THREADS = 8;

	static final int REQUEST_POOL_SIZE = 3;

	private static final JsonMapper json = JsonMapper.builder().build();

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("lookout.database.url", DATABASE::postgresUrl);
		registry.add("lookout.redis.url", TestRedis.get()::url);
		registry.add("lookout.directory.url", DIRECTORY::url);
	}

	URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * One request, timed from its start to the last byte of the answer. A blocking client on the
	 * caller's thread, so the figure is the server's latency and not hand-offs between client threads.
	 */
	Probe probe(String path) throws IOException {
		return probe(path, Map.of());
	}

	Probe probe(String path, Map<String, String> headers) throws IOException {
		long started = System.nanoTime();
		HttpURLConnection connection = (HttpURLConnection) url(path).toURL().openConnection();
		connection.setRequestProperty("Accept", "application/json");
		headers.forEach(connection::setRequestProperty);
		connection.setConnectTimeout(2_000);
		connection.setReadTimeout(10_000);
		int status = connection.getResponseCode();
		byte[] body;
		try (InputStream in = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
			body = in.readAllBytes();
		}
		long nanos = System.nanoTime() - started;
		return new Probe(status, json.readTree(body), nanos, connection.getHeaderField("Retry-After"));
	}

	Probe health() throws IOException {
		return probe("/health");
	}

	/** The value at the given the 0-100 percentile of {@code nanos}, in milliseconds. */
	static double percentileMillis(long[] nanos, double percentile) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, index)] / 1_000_000.0;
	}

	/**
	 * @param status the HTTP status
	 * @param body the JSON answer
	 * @param nanos how long it took
	 * @param retryAfter the {@code Retry-After} header, or {@code null}
	 */
	record Probe(int status, JsonNode body, long nanos, String retryAfter) {

		String overall() {
			return this.body.path("status").asString();
		}

		JsonNode component(String name) {
			return this.body.path("components").path(name);
		}

		String statusOf(String component) {
			return component(component).path("status").asString();
		}

		JsonNode details(String component) {
			return component(component).path("details");
		}

	}

	/**
	 * Slow work on a request thread: {@code GET /test/held} blocks until the test releases it
	 * (or a minute passes, so a failed test cannot leave threads behind for long).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class HeldRequests {

		private static volatile CountDownLatch release = new CountDownLatch(0);

		static void holdFromNowOn() {
			release = new CountDownLatch(1);
		}

		static void releaseAll() {
			release.countDown();
		}

		/** A functional route, not a {@code @RestController}: component scanning would find that one in every context. */
		@Bean
		RouterFunction<ServerResponse> heldRequests() {
			return RouterFunctions.route()
				.GET("/test/held", (request) -> ServerResponse
					.ok()
					.body(release.await(1, TimeUnit.MINUTES) ? "released" : "timed out"))
				.build();
		}

		/** The held route is the test's own; the application's access rules do not know it. */
		@Bean
		@Order(0)
		SecurityFilterChain openHeldRequests(HttpSecurity http) throws Exception {
			http.securityMatcher("/test/**").authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			return http.build();
		}

	}

}
