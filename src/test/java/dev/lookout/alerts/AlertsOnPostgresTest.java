package dev.lookout.alerts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.Panels;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.datasource.ProvisionedDataSource;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rule on a real PostgreSQL data source, end to end: a value crossing its threshold is PENDING,
 * FIRING after the rule's for duration, OK again after its resolve delay, each transition stored
 * with its value and announced once, inside the transaction that stored it; the data source's
 * server ran only the panel's statement (pg_stat_statements): alerting queries nothing of its own.
 * Then the table goes away: ERROR, or NO_DATA for the rule that asks for it, never a silent OK.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "lookout.refresh.tick-interval=250ms" })
class AlertsOnPostgresTest {

	private static final String PANEL_SQL = "SELECT max(value) AS highest FROM alert_pg_readings";

	private static final JsonMapper json = JsonMapper.builder().build();

	@TestConfiguration
	static class Capture {

		@Bean
		Transitions transitions() {
			return new Transitions();
		}

	}

	static class Transitions {

		final List<AlertTransitioned> seen = new CopyOnWriteArrayList<>();

		final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();

		@EventListener
		void on(AlertTransitioned transitioned) {
			this.seen.add(transitioned);
			this.inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
		}

		List<String> of(long ruleId) {
			return this.seen.stream()
				.filter((t) -> t.ruleId() == ruleId)
				.map((t) -> t.from() + ">" + t.to() + ":" + t.value())
				.toList();
		}

	}

	@LocalServerPort
	int port;

	@Autowired
	DataSourceProvisioning dataSources;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	Panels panels;

	@Autowired
	AlertService alerts;

	@Autowired
	AlertReads reads;

	@Autowired
	Transitions transitions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aThresholdCrossedFiresAfterItsForDurationAndResolvesWithoutAQueryOfItsOwn() throws Exception {
		TestPostgres.Database database = TestPostgres.get().createDatabase("alerts_pg");
		sql(database, "CREATE TABLE alert_pg_readings (value INT)", "INSERT INTO alert_pg_readings VALUES (50)");
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement()) {
			sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
		}
		long source = this.dataSources.ensure(new ProvisionedDataSource("alerts-source", database.jdbcUrl(),
				TestPostgres.get().username(), TestPostgres.get().password(), 2, Duration.ofSeconds(5), 100));
		this.dashboards.ensure(new ProvisionedDashboard("alerts-pg", "Alerts", "", List.of(), null,
				List.of(new ProvisionedDashboard.Panel("Highest", source, PANEL_SQL, "stat", null, null, "highest",
						null, 5))));
		long panel = this.panels.all().stream().filter((p) -> p.sql().equals(PANEL_SQL)).findFirst().orElseThrow().id();
		HttpClient http = HttpClient.newHttpClient();
		URI result = URI.create("http://127.0.0.1:" + this.port + "/api/panels/" + panel + "/result");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> json.readTree(http.send(HttpRequest.newBuilder(result).build(),
					HttpResponse.BodyHandlers.ofString()).body()).path("status").asString().equals("ok"));

		// A disabled channel for the rule to name: its notifications wait in the outbox, never sent.
		this.jdbc.sql("INSERT INTO notification_channel (name, type, url, timeout_ms, enabled, version, created_at,"
				+ " updated_at) VALUES ('alerts-pg', 'WEBHOOK', 'http://127.0.0.1:9/', 1000, FALSE, 0, CURRENT_TIMESTAMP,"
				+ " CURRENT_TIMESTAMP)").update();
		long channel = this.jdbc.sql("SELECT id FROM notification_channel WHERE name = 'alerts-pg'")
			.query(Long.class)
			.single();
		TestingAuthenticationToken ed = new TestingAuthenticationToken("ed", null, "ROLE_EDITOR");
		long high = this.alerts.create(ed, new AlertRuleRequest("Highest above 100", panel, Map.of(),
				new AlertRuleRequest.ConditionRequest("VALUE", "highest", ">", new java.math.BigDecimal("100"), null,
						null),
				6, 6, null, null, List.of(channel), null)).id();
		long quiet = this.alerts.create(ed, new AlertRuleRequest("Highest above 1000, no data on failure", panel,
				Map.of(), new AlertRuleRequest.ConditionRequest("VALUE", "highest", ">",
						new java.math.BigDecimal("1000"), null, null),
				0, 0, null, "NO_DATA", List.of(), null)).id();

		sql(database, "UPDATE alert_pg_readings SET value = 150");
		await().atMost(Duration.ofSeconds(20)).until(() -> state(high) == AlertState.PENDING);
		await().atMost(Duration.ofSeconds(25)).until(() -> state(high) == AlertState.FIRING);
		sql(database, "UPDATE alert_pg_readings SET value = 40");
		await().atMost(Duration.ofSeconds(30)).until(() -> state(high) == AlertState.OK);

		List<AlertRules.Transition> stored = new ArrayList<>(this.reads.get(high).transitions());
		java.util.Collections.reverse(stored);
		assertThat(stored).extracting((t) -> t.from() + ">" + t.to() + ":" + t.value())
			.containsExactly("OK>PENDING:150", "PENDING>FIRING:150", "FIRING>OK:40");
		assertThat(Duration.between(stored.get(0).at(), stored.get(1).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
		assertThat(Duration.between(stored.get(1).at(), stored.get(2).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
		assertThat(this.transitions.of(high)).containsExactly("OK>PENDING:150", "PENDING>FIRING:150", "FIRING>OK:40");
		assertThat(this.transitions.seen.stream().filter((t) -> t.ruleId() == high).map(AlertTransitioned::transitionId))
			.containsExactlyElementsOf(stored.stream().map(AlertRules.Transition::id).toList());
		assertThat(this.transitions.seen.stream().filter((t) -> t.ruleId() == high))
			.allSatisfy((t) -> assertThat(t.channelIds()).containsExactly(channel))
			.allSatisfy((t) -> assertThat(t.dashboardSlug()).isEqualTo("alerts-pg"));
		assertThat(this.transitions.inTransaction).containsOnly(true);
		assertThat(this.transitions.of(quiet)).isEmpty();

		// Every statement the data source's server ran in this database is the panel's: none from alerting.
		List<String> statements = statements(database);
		assertThat(statements).anySatisfy((text) -> assertThat(text).contains("FROM alert_pg_readings"));
		assertThat(statements).filteredOn((text) -> text.contains("alert_pg_readings"))
			.allSatisfy((text) -> assertThat(text).isEqualTo(PANEL_SQL));
		assertThat(statements).noneSatisfy((text) -> assertThat(text.toLowerCase()).contains("alert_"
				+ "rule"));

		sql(database, "DROP TABLE alert_pg_readings");
		await().atMost(Duration.ofSeconds(20)).until(() -> state(high) == AlertState.ERROR);
		await().atMost(Duration.ofSeconds(10)).until(() -> state(quiet) == AlertState.NO_DATA);
		assertThat(this.reads.get(high).value()).isEqualTo("QUERY_FAILED");
		assertThat(this.transitions.of(quiet)).containsExactly("OK>NO_DATA:QUERY_FAILED");
	}

	private AlertState state(long rule) {
		return this.reads.get(rule).state();
	}

	private static void sql(TestPostgres.Database database, String... statements) throws Exception {
		try (Connection owner = DriverManager.getConnection(database.jdbcUrl(), TestPostgres.get().username(),
				TestPostgres.get().password()); Statement sql = owner.createStatement()) {
			for (String statement : statements) {
				sql.execute(statement);
			}
		}
	}

	/** The statements the server ran in the data source's database, but those of this test's own connections. */
	private static List<String> statements(TestPostgres.Database database) throws Exception {
		List<String> texts = new ArrayList<>();
		try (Connection admin = TestPostgres.get().adminConnection(); Statement sql = admin.createStatement();
				ResultSet rows = sql.executeQuery("SELECT s.query FROM pg_stat_statements s JOIN pg_database d"
						+ " ON d.oid = s.dbid JOIN pg_roles r ON r.oid = s.userid WHERE d.datname = '" + database.name()
						+ "'")) {
			while (rows.next()) {
				texts.add(rows.getString(1));
			}
		}
		System.out.println("Statements in " + database.name() + ": " + texts);
		return texts.stream()
			.filter((text) -> !text.startsWith("CREATE TABLE") && !text.startsWith("INSERT INTO alert_pg_readings")
					&& !text.startsWith("UPDATE alert_pg_readings"))
			.toList();
	}

}
