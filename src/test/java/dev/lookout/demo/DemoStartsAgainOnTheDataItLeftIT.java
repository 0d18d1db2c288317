package dev.lookout.demo;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.lookout.testsupport.AppProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar's development demo started twice on the same data directory, as a newcomer's
 * second {@code ./mvnw spring-boot:run} does: both starts get ready and the demo's panels read the
 * simulator's database. On the second start the stored demo data source used to be opened before
 * the simulator had created its in-memory database, so H2 created it empty, owned by the panels'
 * reader, and the simulator could not sign in to it: the start failed.
 */
class DemoStartsAgainOnTheDataItLeftIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path workDir;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aSecondStartOnTheSameDataIsReadyAndItsPanelsReadTheSimulator() throws Exception {
		Map<String, String> env = Map.of("APP_ENV", "development", "DATA_DIR",
				this.workDir.resolve("data").toString());
		for (int start = 1; start <= 2; start++) {
			String which = (start == 1) ? "first start" : "second start, on the data of the first";
			try (AppProcess app = AppProcess.start(this.workDir, env)) {
				app.awaitHttpOk("/health/ready", Duration.ofSeconds(90));
				JsonNode shop = json.readTree(get(app, "/api/dashboards/shop").body());
				long panel = shop.path("panels").get(0).path("id").asLong();
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(500))
					.untilAsserted(() -> {
						JsonNode result = json.readTree(get(app, "/api/panels/" + panel + "/result").body());
						assertThat(result.path("status").asString()).as("%s: %s", which, result).isEqualTo("ok");
						assertThat(result.path("rows").size()).isPositive();
					});
				assertThat(app.terminate(Duration.ofSeconds(30))).as(app.output()).isZero();
			}
		}
	}

	private HttpResponse<String> get(AppProcess app, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(app.url(path)).header("Accept", "application/json").build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
