package dev.lookout.alerts;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.EmbeddedDataSource;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.TestPostgres;
import dev.lookout.testsupport.TestWebhookReceiver;
import dev.lookout.testsupport.UsesTheExampleDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application database on the real PostgreSQL, frozen (SIGSTOP) while a panel of an embedded
 * data source keeps refreshing: its rule is still evaluated on every refresh, the changes wait in
 * memory up to {@code ALERT_PENDING_TRANSITIONS} (2 here; the oldest beyond is dropped and
 * counted), and once the database answers again the waiting ones are stored in order and their
 * notifications delivered to the webhook, once each.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "lookout.refresh.tick-interval=250ms", "lookout.alerts.pending-transitions=2",
				"lookout.database.pool-wait=500ms", "lookout.database.query-timeout=2s",
				"lookout.notifications.poll-interval=200ms", "lookout.notifications.backoff-base=100ms",
				"lookout.notifications.backoff-cap=500ms" })
@Import(AlertsKeepEvaluatingWhileTheApplicationDatabaseIsFrozenTest.Readings.class)
class AlertsKeepEvaluatingWhileTheApplicationDatabaseIsFrozenTest implements UsesTheExampleDirectory {

	private static final String DATABASE = "alerts_frozen";

	private static final String SECRET = "receiver-secret-0123456789";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final TestPostgres.Database app = TestPostgres.get().createDatabase("alerts_frozen_app");

	private static Connection source;

	@TestConfiguration
	static class Readings {

		@Bean
		EmbeddedDataSource alertsFrozenDatabase() {
			return EmbeddedTestDatabase.declaration(DATABASE);
		}

	}

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("lookout.database.url", app::postgresUrl);
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	AlertEvaluator evaluator;

	@BeforeAll
	static void data() throws Exception {
		source = EmbeddedTestDatabase.create(DATABASE);
		reading(50);
	}

	@AfterAll
	static void close() throws Exception {
		source.close();
	}

	@Test
	void changesWaitInMemoryUpToTheBoundAndAreStoredAndDeliveredOnceTheDatabaseAnswers() throws Exception {
		long dataSource = DataSourceRows.insert(this.jdbc, "alerts-frozen", EmbeddedTestDatabase.url(DATABASE),
				EmbeddedTestDatabase.READER);
		this.dashboards.ensure(new ProvisionedDashboard("alerts-frozen", "Readings", "", List.of(), null,
				List.of(new ProvisionedDashboard.Panel("Reading", dataSource, "SELECT v AS \"v\" FROM readings", "stat",
						null, null, "v", null, 5))));
		long panel = this.jdbc
			.sql("SELECT p.id FROM panel p JOIN dashboard d ON d.id = p.dashboard_id WHERE d.slug = 'alerts-frozen'")
			.query(Long.class)
			.single();
		TestWebhookReceiver receiver = new TestWebhookReceiver(SECRET);
		receiver.up();
		TestPostgres postgres = TestPostgres.get();
		try {
			URI instance = URI.create("http://127.0.0.1:" + this.port);
			SessionClient ada = SessionClient.signedIn(instance, "ada");
			String token = ada.csrfToken(instance);
			long channel = created(ada.post(instance, "/api/alert-channels", """
					{"name":"Receiver","type":"WEBHOOK","url":"%s","secret":"%s","timeoutMs":2000}"""
				.formatted(receiver.url(), SECRET), token)).path("channel").path("id").asLong();
			long rule = created(ada.post(instance, "/api/alerts", """
					{"name":"Reading high","panelId":%d,"condition":{"type":"VALUE","column":"v","op":">","threshold":100},
					 "channelIds":[%d]}""".formatted(panel, channel), token)).path("id").asLong();
			await().atMost(Duration.ofSeconds(20)).until(() -> this.evaluator.known(rule).isPresent());

			postgres.pause();
			try {
				// Three changes, one refresh apart, evaluated with the database frozen.
				reading(150);
				await().atMost(Duration.ofSeconds(20)).until(() -> state(rule) == AlertState.FIRING);
				reading(40);
				await().atMost(Duration.ofSeconds(20)).until(() -> state(rule) == AlertState.OK);
				reading(160);
				await().atMost(Duration.ofSeconds(20)).until(() -> state(rule) == AlertState.FIRING);
				assertThat(this.evaluator.pendingWrites()).as("changes waiting, at most the bound").isEqualTo(2);
				assertThat(this.evaluator.dropped()).as("the oldest change, beyond the bound").isEqualTo(1);
				assertThat(receiver.bodies()).as("nothing delivered while the database is frozen").isEmpty();
			}
			finally {
				postgres.resume();
			}

			await().atMost(Duration.ofSeconds(30)).until(() -> this.evaluator.pendingWrites() == 0);
			List<String> stored = this.jdbc
				.sql("SELECT from_state || '>' || to_state || ':' || transition_value FROM alert_transition"
						+ " WHERE rule_id = ? ORDER BY id")
				.param(rule)
				.query(String.class)
				.list();
			assertThat(stored).containsExactly("FIRING>OK:40", "OK>FIRING:160");
			List<String> keys = this.jdbc
				.sql("SELECT 'alert-' || rule_id || '-transition-' || id FROM alert_transition WHERE rule_id = ? ORDER BY id")
				.param(rule)
				.query(String.class)
				.list();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> keys.stream().allMatch((key) -> receiver.acknowledged(key) == 1));
			assertThat(receiver.bodies()).hasSize(2);
			assertThat(this.jdbc.sql("SELECT state FROM alert_state WHERE rule_id = ?")
				.param(rule)
				.query(String.class)
				.single()).isEqualTo("FIRING");
		}
		finally {
			receiver.down();
		}
	}

	private AlertState state(long rule) {
		return this.evaluator.known(rule).map(Standing::state).orElse(null);
	}

	private static JsonNode created(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as("created: %s", answer.body()).isEqualTo(201);
		return json.readTree(answer.body());
	}

	private static void reading(int value) throws Exception {
		try (Statement sql = source.createStatement()) {
			sql.execute("CREATE TABLE IF NOT EXISTS readings (v INT)");
			sql.execute("DELETE FROM readings");
			sql.execute("INSERT INTO readings VALUES (" + value + ")");
		}
	}

}
