package dev.lookout.watchdog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.lookout.lifecycle.Supervised;
import dev.lookout.refresh.CacheUpdater;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watchdog in the whole application on the test PostgreSQL, checking every 200 ms: a stuck
 * worker and a stopped updater are restarted; a request pool wedged by queries that never end is
 * evicted, then reloaded, and serves again; when it wedges again with the one allowed reload of the
 * window spent, liveness goes DOWN. Last, because the instance stays DOWN: its own context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "lookout.database.pool-size=3", "lookout.database.pool-wait=500ms",
				"lookout.database.query-timeout=2m", "lookout.watchdog.interval=200ms",
				"lookout.watchdog.stuck-after=1s", "lookout.watchdog.wedged-pool-after=1s",
				"lookout.watchdog.max-reloads=1", "management.endpoint.health.show-details=always" })
@Import(WatchdogRecoversThenGivesUpTest.TestWorker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class WatchdogRecoversThenGivesUpTest {

	static final TestPostgres.Database DATABASE = TestPostgres.get().createDatabase("watchdog_app");

	@Autowired
	Watchdog watchdog;

	@Autowired
	CacheUpdater updater;

	@Autowired
	DataSource dataSource;

	@Autowired
	TestWorker worker;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("lookout.database.url", DATABASE::postgresUrl);
	}

	@Test
	@Order(1)
	void restartsAWorkerWhoseHeartbeatStopped() {
		this.worker.stick();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.worker.restarts.get() == 1);
		assertThat(this.watchdog.actions()).anySatisfy((action) -> {
			assertThat(action.check()).isEqualTo("test-worker");
			assertThat(action.action()).isEqualTo("restart");
			assertThat(action.detail()).contains("heartbeat");
		});
	}

	@Test
	@Order(2)
	void restartsTheCacheUpdaterWhenItStopped() {
		this.updater.stop();

		await().atMost(Duration.ofSeconds(10)).until(this.updater::running);
		assertThat(this.watchdog.actions()).anySatisfy((action) -> {
			assertThat(action.check()).isEqualTo("cache-updater");
			assertThat(action.action()).isEqualTo("restart");
			assertThat(action.detail()).isEqualTo("not running");
		});
	}

	@Test
	@Order(3)
	void evictsThenReloadsAWedgedRequestPoolWhichThenServes() throws Exception {
		ExecutorService holders = wedge();
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> did("request-pool", "reload"));
			assertThat(this.watchdog.actions()).anySatisfy((action) -> assertThat(action.action()).isEqualTo("evict"));
			assertThat(this.watchdog.actions().get(0).succeeded()).isTrue();
			// The fresh pool serves; the wedged queries were aborted with the old one.
			await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/dashboards") == 200);
			assertThat(get("/health/live")).isEqualTo(200);
			assertThat(get("/health/ready")).isEqualTo(200);
		}
		finally {
			holders.shutdownNow();
			holders.awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	@Test
	@Order(4)
	void turnsLivenessDownWhenTheWedgeComesBackWithTheReloadsSpent() throws Exception {
		ExecutorService holders = wedge();
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

	/** A worker that beats on its own thread until told to stick, and beats again once restarted. */
	@TestConfiguration(proxyBeanMethods = false)
	static class TestWorker implements Supervised {

		final AtomicInteger restarts = new AtomicInteger();

		private final Clock clock = Clock.systemUTC();

		private volatile Instant heartbeat = this.clock.instant();

		private volatile boolean stuck;

		private final Thread beating;

		TestWorker() {
			this.beating = new Thread(this::beat, "test-worker");
			this.beating.setDaemon(true);
			this.beating.start();
		}

		void stick() {
			this.stuck = true;
		}

		private void beat() {
			while (!Thread.currentThread().isInterrupted()) {
				if (!this.stuck) {
					this.heartbeat = this.clock.instant();
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}

		@Override
		public String supervisedName() {
			return "test-worker";
		}

		@Override
		public Instant lastHeartbeat() {
			return this.heartbeat;
		}

		@Override
		public Duration beatInterval() {
			return Duration.ofMillis(50);
		}

		@Override
		public boolean running() {
			return true;
		}

		@Override
		public void restart() {
			this.restarts.incrementAndGet();
			this.stuck = false;
		}

	}

}
