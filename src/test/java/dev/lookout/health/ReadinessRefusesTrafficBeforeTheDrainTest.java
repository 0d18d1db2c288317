package dev.lookout.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.lookout.LookoutApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutting down, the instance first stops being ready: for {@code SHUTDOWN_READINESS_DELAY}
 * {@code /health/ready} answers 503 while every other request is still served, and only then are
 * requests drained and the port closed.
 */
class ReadinessRefusesTrafficBeforeTheDrainTest {

	private static final Duration DELAY = Duration.ofSeconds(2);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void readinessAnswers503WhileEverythingElseIsStillServedThenThePortCloses() throws Exception {
		// Arguments, not default properties: they must outrank application.yaml.
		ConfigurableApplicationContext context = new SpringApplicationBuilder(LookoutApplication.class)
			.run("--server.port=0", "--PUBLIC_DASHBOARDS=true", "--lookout.health.readiness-delay=" + DELAY.toMillis() + "ms");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		CompletableFuture<Void> closing = null;
		try {
			assertThat(status(port, "/health/ready")).isEqualTo(200);
			long started = System.nanoTime();
			closing = CompletableFuture.runAsync(context::close);
			await().atMost(DELAY).until(() -> status(port, "/health/ready") == 503);
			assertThat(status(port, "/health")).isEqualTo(503);
			assertThat(status(port, "/health/live")).isEqualTo(200);
			// Answered at all: the port is still open and ordinary requests are served.
			assertThat(status(port, "/api/dashboards")).isEqualTo(200);
			closing.get(30, TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(DELAY);
		}
		finally {
			if (closing == null) {
				context.close();
			}
		}
		assertThat(context.isActive()).isFalse();
	}

	private int status(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Accept", "application/json")
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
