package dev.lookout.watchdog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watchdog in the whole application on the test PostgreSQL, checking every 200 ms: a request
 * pool wedged by queries that never end is evicted, then reloaded, and serves again; when it wedges
 * again with the one allowed reload of the window spent, liveness goes DOWN. One test, because each
 * step needs the one before; a context of its own, because the instance stays DOWN.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "lookout.database.pool-size=3", "lookout.database.pool-wait=500ms",
				"lookout.database.query-timeout=2m", "lookout.watchdog.interval=200ms",
				"lookout.watchdog.stuck-after=1s", "lookout.watchdog.wedged-pool-after=1s",
				"lookout.watchdog.max-reloads=1", "management.endpoint.health.show-details=always" })
@DirtiesContext
class WatchdogRecoversThenGivesUpTest {

	static final TestPostgres.Database DATABASE = TestPostgres.get().createDatabase("watchdog_app");

	@Autowired
	Watchdog watchdog;

	@Autowired
	DataSource dataSource;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("lookout.database.url", DATABASE::postgresUrl);
	}

	@Test
	void evictsThenReloadsAWedgedRequestPoolWhichThenServesThenTurnsLivenessDownWhenTheWedgeComesBack()
			throws Exception {
		ExecutorService holders = wedge();
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> did("request-pool", "reload"));
			assertThat(this.watchdog.actions()).anySatisfy((action) -> assertThat(action.action()).isEqualTo("evict"));
			assertThat(this.watchdog.actions().get(0).succeeded()).isTrue();
			// The fresh pool serves; the wedged queries were aborted with the old one.
			await().atMost(Duration.ofSeconds(10)).until(this::requestPoolServes);
			assertThat(get("/health/live")).isEqualTo(200);
			assertThat(get("/health/ready")).isEqualTo(200);
		}
		finally {
			holders.shutdownNow();
			holders.awaitTermination(10, TimeUnit.SECONDS);
		}
		// The same wedge again, with the one reload the window allows spent.
		holders = wedge();
		try {
			await().atMost(Duration.ofSeconds(20)).until(this.watchdog::gaveUp);
			assertThat(this.watchdog.actions().get(0).action()).isEqualTo("liveness-down");
			assertThat(this.watchdog.actions().get(0).detail()).contains("already 1 reloads");
			assertThat(get("/health/live")).isEqualTo(503);
			HttpResponse<String> health = this.http.send(HttpRequest.newBuilder(url("/health")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode()).isEqualTo(503);
			JsonNode watchdog = JsonMapper.builder().build().readTree(health.body()).path("components").path("watchdog");
			assertThat(watchdog.path("status").asString()).isEqualTo("DOWN");
			assertThat(watchdog.path("details").path("gaveUp").asBoolean()).isTrue();
			assertThat(watchdog.path("details").path("lastAction").asString()).contains("liveness-down");
		}
		finally {
			holders.shutdownNow();
			holders.awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	/** Whether a request connection can be had and answers: views no longer need one, so they cannot tell. */
	private boolean requestPoolServes() {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			return statement.execute("SELECT 1");
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private boolean did(String check, String action) {
		return this.watchdog.actions()
			.stream()
			.anyMatch((done) -> done.check().equals(check) && done.action().equals(action));
	}

	/** Every request connection busy in a query that does not end, while the database answers. */
	private ExecutorService wedge() throws InterruptedException {
		ExecutorService holders = Executors.newFixedThreadPool(3);
		CountDownLatch borrowed = new CountDownLatch(3);
		for (int i = 0; i < 3; i++) {
			holders.submit(() -> {
				try (Connection connection = this.dataSource.getConnection();
						Statement statement = connection.createStatement()) {
					borrowed.countDown();
					statement.execute("SELECT pg_sleep(120)");
				}
				return null;
			});
		}
		assertThat(borrowed.await(10, TimeUnit.SECONDS)).isTrue();
		return holders;
	}

	private int get(String path) throws IOException, InterruptedException {
		return this.http
			.send(HttpRequest.newBuilder(url(path)).header("Accept", "application/json").build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
