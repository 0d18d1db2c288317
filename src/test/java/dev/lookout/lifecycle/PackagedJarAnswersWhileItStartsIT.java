package dev.lookout.lifecycle;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.lookout.testsupport.AppProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar on the embedded default opens its port as soon as its configuration is read,
 * before Tomcat exists: from the first answer until it is ready, the liveness probe says UP,
 * readiness 503, and an API request gets 503 {@code STARTING} as problem details with its request
 * id and {@code Retry-After}; nothing else, no request waits on the start, and no connection is
 * refused when Tomcat takes the socket over from the early port. Once ready, the same request is served.
 */
class PackagedJarAnswersWhileItStartsIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path workDir;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	@Test
	void answersStartingUntilReadyThenServes() throws Exception {
		try (AppProcess app = AppProcess.start(this.workDir,
				Map.of("APP_ENV", "development", "DATA_DIR", this.workDir.resolve("data").toString()))) {
			List<HttpResponse<String>> whileStarting = new ArrayList<>();
			Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
			HttpResponse<String> ready = null;
			int unanswered = 0;
			while (ready == null && Instant.now().isBefore(deadline)) {
				HttpResponse<String> api = get(app, "/api/dashboards");
				HttpResponse<String> live = get(app, "/health/live");
				HttpResponse<String> readiness = get(app, "/health/ready");
				if (!whileStarting.isEmpty() && (api == null || live == null || readiness == null)) {
					unanswered++;
				}
				if (readiness != null && readiness.statusCode() == 200) {
					ready = readiness;
				}
				else if (api != null && live != null && readiness != null) {
					whileStarting.add(api);
					assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
					assertThat(readiness.statusCode()).isEqualTo(503);
				}
				Thread.sleep(10);
			}
			assertThat(ready).as("ready within 90 s; output:%n%s", app.output()).isNotNull();
			assertThat(unanswered).as("requests refused once the port had answered").isZero();
			// The early port answered first, then handed its socket to Tomcat.
			String output = app.output();
			assertThat(output).containsSubsequence("Answering on /127.0.0.1:", "Tomcat initialized with port",
					"Tomcat answers on /127.0.0.1:", "Started LookoutApplication");

			// The answers seen before ready: STARTING, or the dashboards once the start had just ended.
			List<HttpResponse<String>> starting = whileStarting.stream().filter((r) -> r.statusCode() == 503).toList();
			assertThat(starting).as("the port opens well before the start ends").isNotEmpty();
			assertThat(whileStarting).allSatisfy((r) -> assertThat(r.statusCode()).isIn(200, 503));
			HttpResponse<String> first = starting.get(0);
			JsonNode problem = json.readTree(first.body());
			assertThat(problem.get("code").asString()).isEqualTo("STARTING");
			assertThat(problem.get("status").asInt()).isEqualTo(503);
			assertThat(problem.get("instance").asString()).isEqualTo("/api/dashboards");
			assertThat(problem.get("retryAfterSeconds").asInt()).isEqualTo(2);
			assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
			assertThat(first.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(first.headers().firstValue("X-Request-Id")).hasValue(problem.get("requestId").asString());

			HttpResponse<String> served = get(app, "/api/dashboards");
			assertThat(served).isNotNull();
			assertThat(served.statusCode()).isEqualTo(200);
			assertThat(json.readTree(served.body()).isArray()).isTrue();
		}
	}

	/** The answer, or {@code null} while nothing listens. */
	private HttpResponse<String> get(AppProcess app, String path) throws InterruptedException {
		try {
			return this.client.send(HttpRequest.newBuilder(app.url(path)).header("Accept", "application/json").build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException notListening) {
			return null;
		}
	}

}
