package dev.lookout.notifications;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lookout.alerts.AlertTransitioned;
import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.EmbeddedDataSource;
import dev.lookout.refresh.PanelRefreshed;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import dev.lookout.testsupport.TestWebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A panel refreshing every 5 s while its channel's receiver first hangs until each delivery times
 * out, then answers slowly, with a backlog of notifications for it: the panel keeps its schedule
 * (no gap between two refreshes longer than its interval and a tick's slack), because deliveries
 * run on their own thread and hold no connection of the request pool while they wait.
 */
@Import(ASlowReceiverLeavesRefreshTimingAloneTest.Watched.class)
class ASlowReceiverLeavesRefreshTimingAloneTest extends NotificationsIntegration {

	private static final String DATABASE = "slow_receiver";

	private static final int INTERVAL_SECONDS = 5;

	private static final String SECRET = "receiver-secret-0123456789";

	private static Connection source;

	@TestConfiguration
	static class Watched {

		@Bean
		EmbeddedDataSource slowReceiverDatabase() {
			return EmbeddedTestDatabase.declaration(DATABASE);
		}

		@Bean
		Refreshes refreshes() {
			return new Refreshes();
		}

	}

	/** When each panel refreshed here. */
	static class Refreshes {

		final List<PanelRefreshed> seen = new CopyOnWriteArrayList<>();

		@EventListener
		void on(PanelRefreshed refreshed) {
			this.seen.add(refreshed);
		}

		List<Instant> of(long panelId, Instant from) {
			return this.seen.stream()
				.filter((refreshed) -> refreshed.panelId() == panelId && !refreshed.asOf().isBefore(from))
				.map(PanelRefreshed::asOf)
				.toList();
		}

	}

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	Refreshes refreshes;

	@BeforeAll
	static void data() throws Exception {
		source = EmbeddedTestDatabase.create(DATABASE,
				"CREATE TABLE readings (v INT)",
				"INSERT INTO readings VALUES (50)");
	}

	@AfterAll
	static void close() throws Exception {
		source.close();
	}

	@Test
	void thePanelKeepsItsScheduleWhileDeliveriesHangAndCrawl() throws Exception {
		long dataSource = DataSourceRows.insert(this.jdbc, "slow-receiver", EmbeddedTestDatabase.url(DATABASE),
				EmbeddedTestDatabase.READER);
		this.dashboards.ensure(new ProvisionedDashboard("slow-receiver", "Readings", "", List.of(), null,
				List.of(new ProvisionedDashboard.Panel("Reading", dataSource, "SELECT v AS \"v\" FROM readings", "stat",
						null, null, "v", null, INTERVAL_SECONDS))));
		long panelId = this.jdbc
			.sql("SELECT p.id FROM panel p JOIN dashboard d ON d.id = p.dashboard_id WHERE d.slug = 'slow-receiver'")
			.query(Long.class)
			.single();
		await("the panel's first refreshes", Duration.ofSeconds(20),
				() -> this.refreshes.of(panelId, Instant.EPOCH).size() >= 2);

		TestWebhookReceiver receiver = new TestWebhookReceiver(SECRET);
		receiver.mode(TestWebhookReceiver.Mode.HANG);
		receiver.up();
		Channel channel = this.channels.create(new ChannelRequest("Slow " + System.nanoTime(), ChannelType.WEBHOOK,
				receiver.url(), SECRET, 2000, null, true, null)).channel();
		try {
			List<AlertTransitioned> backlog = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				backlog.add(publish("Backlog " + i, channel.id(), false));
			}
			Instant from = Instant.now();
			// Hanging: every attempt waits for the channel's 2 s timeout, until the breaker opens.
			Thread.sleep(15_000);
			// Crawling: answers in 1.5 s, within the timeout; the worker spends its time waiting.
			receiver.slowMillis(1500);
			receiver.mode(TestWebhookReceiver.Mode.SLOW);
			await("a slow delivery acknowledged", Duration.ofSeconds(15),
					() -> backlog.stream().anyMatch((t) -> receiver.acknowledged(t.idempotencyKey()) > 0));
			Thread.sleep(10_000);
			List<Instant> refreshed = this.refreshes.of(panelId, from);
			Duration window = Duration.between(from, Instant.now());

			assertThat(backlog).as("slow deliveries went on during the window")
				.anySatisfy((t) -> assertThat(receiver.arrivals(t.idempotencyKey())).isPositive());
			assertThat(refreshed).as("refreshes in %s", window)
				.hasSizeGreaterThanOrEqualTo((int) (window.toSeconds() / INTERVAL_SECONDS) - 1);
			for (int i = 1; i < refreshed.size(); i++) {
				assertThat(Duration.between(refreshed.get(i - 1), refreshed.get(i)))
					.as("gap before refresh %d of %s", i, refreshed)
					.isLessThanOrEqualTo(Duration.ofSeconds(INTERVAL_SECONDS).plusMillis(1500));
			}
		}
		finally {
			receiver.down();
			// With its rows: the context stays cached, and its worker would retry them for the tests after.
			this.jdbc.sql("DELETE FROM notification_channel WHERE id = ?").param(channel.id()).update();
		}
	}

}
