package dev.lookout.realtime;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.Panels;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.datasource.ProvisionedDataSource;
import dev.lookout.testsupport.SseClient;
import dev.lookout.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event stream on one instance, with the local bus: the current results at once, then each
 * new one as the updater stores it; a reconnect with {@code Last-Event-ID} gets exactly what it
 * missed; heartbeats; the cap answers {@code OVERLOADED}; a client that stops reading is dropped
 * once its small queue is full, instead of the server buffering for it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "lookout.realtime.max-connections=4",
				"lookout.realtime.queue-size=1", "lookout.realtime.max-event-bytes=16777216",
				"lookout.realtime.heartbeat=1s", "lookout.realtime.retry=500ms",
				"lookout.refresh.tick-interval=250ms" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStreamsTest {

	private static final String SMALL_SQL = "SELECT 1 AS one, 'live' AS label";

	/** About 3 MB per result, so that a stalled client's socket buffers fill within a few refreshes. */
	private static final String BIG_SQL = "SELECT repeat('x', 1000000) || g AS blob FROM generate_series(1, 3) g";

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	DataSourceProvisioning dataSources;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	Panels panels;

	@Autowired
	RealtimeSync sync;

	@Autowired
	MeterRegistry meters;

	long smallPanel;

	@BeforeAll
	void dashboards() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("event_streams");
		try (Connection owner = DriverManager.getConnection(database.jdbcUrl(), TestPostgres.get().username(),
				TestPostgres.get().password()); Statement sql = owner.createStatement()) {
			sql.execute("SELECT 1");
		}
		long source = this.dataSources.ensure(new ProvisionedDataSource("stream-source", database.jdbcUrl(),
				TestPostgres.get().username(), TestPostgres.get().password(), 4, Duration.ofSeconds(10), 100));
		this.dashboards.ensure(new ProvisionedDashboard("live", "Live", "", List.of(), null, List.of(new ProvisionedDashboard.Panel(
				"Small", source, SMALL_SQL, "table", null, null, null, null, 5))));
		this.dashboards.ensure(new ProvisionedDashboard("big", "Big", "", List.of(), null, List.of(new ProvisionedDashboard.Panel(
				"Big", source, BIG_SQL, "table", null, null, null, null, 5))));
		this.smallPanel = this.panels.all().stream().filter((p) -> p.sql().equals(SMALL_SQL)).findFirst().orElseThrow().id();
		await().atMost(Duration.ofSeconds(20)).until(() -> version(this.smallPanel) > 0);
	}

	@Test
	void pushesEveryNewResultAndResumesWithWhatWasMissed() throws Exception {
		SseClient.Event first;
		try (SseClient stream = open("live", null)) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
			assertThat(stream.next(Duration.ofSeconds(2)).retry()).isEqualTo("500");
			first = stream.next("result", Duration.ofSeconds(5));
			JsonNode current = json.readTree(first.data());
			assertThat(current.path("panelId").asLong()).isEqualTo(this.smallPanel);
			assertThat(first.id()).isEqualTo(this.smallPanel + ":" + Long.toString(current.path("resultVersion").asLong(), 36));

			SseClient.Event pushed = stream.next("result", Duration.ofSeconds(12));
			assertThat(pushed).as("the next refresh, pushed").isNotNull();
			assertThat(json.readTree(pushed.data()).path("resultVersion").asLong())
				.isGreaterThan(current.path("resultVersion").asLong());
			assertThat(stream.comments()).as("heartbeats").isPositive();
		}

		// Resumed with the first id: one result, the newest, since the client was behind.
		long latest = version(this.smallPanel);
		try (SseClient resumed = open("live", first.id())) {
			SseClient.Event caughtUp = resumed.next("result", Duration.ofSeconds(5));
			assertThat(json.readTree(caughtUp.data()).path("resultVersion").asLong()).isGreaterThanOrEqualTo(latest);
			// Resumed with an id that is current: nothing is sent again.
			try (SseClient upToDate = open("live", caughtUp.id())) {
				SseClient.Event event = upToDate.next("result", Duration.ofMillis(500));
				if (event != null) {
					// Only a newer refresh may come.
					assertThat(json.readTree(event.data()).path("resultVersion").asLong())
						.isGreaterThan(json.readTree(caughtUp.data()).path("resultVersion").asLong());
				}
			}
		}
	}

	@Test
	void refusesStreamsBeyondTheCapWithOverloaded() throws Exception {
		List<SseClient> open = new ArrayList<>();
		try {
			while (this.sync.clients() < 4) {
				SseClient stream = open("live", null);
				assertThat(stream.status()).isEqualTo(200);
				open.add(stream);
				await().atMost(Duration.ofSeconds(2)).until(() -> stream.next(Duration.ofMillis(50)) != null
						|| this.sync.clients() >= open.size());
			}
			HttpResponse<String> refused = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(url("/api/stream?dashboard=live")).header("Accept", "text/event-stream").build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(json.readTree(refused.body()).path("code").asString()).isEqualTo("OVERLOADED");
		}
		finally {
			for (SseClient stream : open) {
				stream.close();
			}
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.sync.clients() == 0);
	}

	@Test
	void answersNotFoundForADashboardWithoutPanels() throws Exception {
		try (SseClient stream = open("no-such-dashboard", null)) {
			assertThat(stream.status()).isEqualTo(404);
		}
	}

	@Test
	void dropsAClientThatStopsReading() throws Exception {
		double droppedBefore = this.meters.counter("lookout.realtime.dropped").count();
		int before = this.sync.clients();
		try (Socket stalled = SseClient.stalled("127.0.0.1", this.port, "/api/stream?dashboard=big")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sync.clients() == before + 1);
			// A few refreshes of 3 MB each fill the socket buffers, then the one-event queue.
			await().atMost(Duration.ofSeconds(45))
				.until(() -> this.meters.counter("lookout.realtime.dropped").count() > droppedBefore);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.sync.clients() == before);
		}
	}

	private SseClient open(String slug, String lastEventId) throws Exception {
		return SseClient.open("127.0.0.1", this.port, "/api/stream?dashboard=" + slug, lastEventId, null);
	}

	private long version(long panelId) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(url("/api/panels/" + panelId + "/result")).build(),
					HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body()).path("resultVersion").asLong();
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
