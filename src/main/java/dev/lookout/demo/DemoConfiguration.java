package dev.lookout.demo;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.lookout.alerts.AlertProvisioning;
import dev.lookout.alerts.ProvisionedAlertRule;
import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.dashboards.ProvisionedDashboard.Panel;
import dev.lookout.database.DatabaseMigrations;
import dev.lookout.datasource.DataSourceProvisioning;
import dev.lookout.datasource.EmbeddedDataSource;
import dev.lookout.datasource.ProvisionedDataSource;
import dev.lookout.lifecycle.ManagedResources;
import dev.lookout.lifecycle.ShutdownOrder;
import dev.lookout.notifications.DevelopmentChannel;
import dev.lookout.variables.OptionsQuery;
import dev.lookout.variables.TimeRange;
import dev.lookout.variables.ValueType;
import dev.lookout.variables.Variable;
import dev.lookout.variables.VariableType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The development demo: the simulator's database declared as a data source, two dashboards over
 * it that cover every visualisation, and an alert rule that fires during the simulator's
 * incidents into the development webhook log. Created only when absent, so edits made to them in
 * the editor or the API survive restarts of the application database.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "APP_ENV", havingValue = "development")
class DemoConfiguration {

	static final String ACTOR = "lookout-demo";

	static final String SERVICES_DASHBOARD = "services";

	static final String SLOWEST_SERVICES = "Slowest services, last minute";

	/** Above every p99 of a calm minute, below every p99 of checkout's incident ({@link DemoSimulator#latency}). */
	static final int P99_THRESHOLD_MS = 400;

	static final String ALERT = "Service p99 above " + P99_THRESHOLD_MS + " ms";

	private static final Log logger = LogFactory.getLog(DemoConfiguration.class);

	@Bean
	DemoIncident demoIncident() {
		return DemoIncident.DEFAULT;
	}

	@Bean
	DemoSimulator demoSimulator(Clock clock, DemoIncident incident, ManagedResources resources) throws SQLException {
		DemoSimulator simulator = new DemoSimulator(clock, incident);
		resources.register("demo-simulator", ShutdownOrder.DEMO_SIMULATOR, simulator::stop);
		simulator.start();
		return simulator;
	}

	/**
	 * The only H2 source Lookout opens: the simulator's database, read by a user that may only
	 * SELECT. Declared once the simulator has created it: the pools may open only declared H2
	 * sources, so none opens it before it exists. (Opened before, on a restart whose stored demo
	 * source a refresh reached first, H2 created it empty, owned by the reader, and the simulator
	 * could not sign in: the start failed.)
	 */
	@Bean
	@DependsOn("demoSimulator")
	EmbeddedDataSource demoDatabase() {
		return new EmbeddedDataSource(DemoSimulator.READER_URL, DemoSimulator.READER);
	}

	@Bean
	ApplicationRunner demoProvisioning(DemoSimulator simulator, DemoIncident incident,
			DataSourceProvisioning dataSources, DashboardProvisioning dashboards, AlertProvisioning alerts,
			DevelopmentChannel developmentLog, DatabaseMigrations migrations, Environment environment) {
		// Once the application database is migrated: at start, or when it first answers after one without it.
		return (arguments) -> migrations.whenDone(() -> {
			// Recorded in the audit log as the demo's doing, not an anonymous user's.
			SecurityContextHolder.getContext()
				.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(ACTOR, null, List.of()));
			try {
				long source = dataSources.ensure(new ProvisionedDataSource("Demo shop (simulated)",
						DemoSimulator.READER_URL, DemoSimulator.READER, DemoSimulator.READER_PASSWORD, 4,
						Duration.ofSeconds(5), 1000));
				boolean shop = dashboards.ensure(shop(source));
				boolean services = dashboards.ensure(services(source));
				String base = "http://localhost:" + environment.getProperty("local.server.port");
				if (shop || services) {
					logger.info("Demo dashboards created: " + base + "/d/shop and " + base + "/d/"
							+ SERVICES_DASHBOARD);
				}
				alert(incident, dashboards, alerts, developmentLog, base);
			}
			finally {
				SecurityContextHolder.clearContext();
			}
		});
	}

	/**
	 * The alert rule on the worst p99 of the last minute, of any service (the rows come slowest
	 * first, so its value is the worst one), notifying the development log: only the simulated
	 * checkout incidents cross its threshold. A failure here leaves the dashboards be.
	 */
	private static void alert(DemoIncident incident, DashboardProvisioning dashboards, AlertProvisioning alerts,
			DevelopmentChannel developmentLog, String base) {
		try {
			long panel = dashboards.panelId(SERVICES_DASHBOARD, SLOWEST_SERVICES)
				.orElseThrow(() -> new IllegalStateException(
						"the dashboard '" + SERVICES_DASHBOARD + "' has no panel '" + SLOWEST_SERVICES + "' any more"));
			boolean created = alerts.ensure(new ProvisionedAlertRule(ALERT, panel, "worst_p99_ms", ">",
					BigDecimal.valueOf(P99_THRESHOLD_MS), incident.forSeconds(), incident.resolveAfterSeconds(),
					List.of(developmentLog.ensure())));
			if (created) {
				logger.info("Demo alert rule '" + ALERT + "' created: it fires during the simulated checkout incidents"
						+ " (the first " + incident.firstAfter().toSeconds() + " s after start), see " + base + "/alerts");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Demo alert rule '" + ALERT + "' not provisioned: " + ex.getMessage());
		}
	}

	/**
	 * The shop, with a region to choose (several at once, the options read from the orders) and a
	 * time range: every panel's SQL names them, bound as parameters.
	 */
	private static ProvisionedDashboard shop(long source) {
		Variable region = new Variable("region", "Region", VariableType.LIST, true, ValueType.TEXT, List.of(),
				new OptionsQuery(source, "SELECT DISTINCT region FROM orders ORDER BY region", 60), false,
				List.of("east", "north", "south", "west"));
		String chosen = " region IN (:region) AND created_at >= :from AND created_at < :to";
		return new ProvisionedDashboard("shop", "Shop, live", "Orders as they come in from the simulated shop.",
				List.of(region), new TimeRange("Time range", "now-30m", "now"), List.of(
				new Panel("Orders", source, "SELECT COUNT(*) AS orders FROM orders WHERE" + chosen, "stat", null, null,
						"orders", "orders", 5),
				new Panel("Revenue per minute", source,
						"SELECT at_minute, SUM(amount) AS revenue, SUM(CASE WHEN status = 'refunded' THEN amount ELSE 0 END)"
								+ " AS refunds FROM (SELECT FORMATDATETIME(created_at, 'HH:mm') AS at_minute, amount, status"
								+ " FROM orders WHERE" + chosen + ") recent GROUP BY at_minute ORDER BY at_minute",
						"line", "at_minute", List.of("revenue", "refunds"), null, "EUR", 5),
				new Panel("Orders by region", source,
						"SELECT region, COUNT(*) AS orders FROM orders WHERE created_at >= :from AND created_at < :to"
								+ " GROUP BY region ORDER BY region",
						"bar", "region", List.of("orders"), null, null, 10),
				new Panel("Latest orders", source,
						"SELECT id, created_at, region, amount, status FROM orders WHERE region IN (:region)"
								+ " ORDER BY id DESC LIMIT 15", "table",
						null, null, null, null, 5)));
	}

	private static ProvisionedDashboard services(long source) {
		return new ProvisionedDashboard(SERVICES_DASHBOARD, "Service health",
				"Latency and support load of the simulated services.", List.of(), null,
				List.of(new Panel("p99 latency by service (ms)", source,
						"SELECT FORMATDATETIME(sampled_at, 'HH:mm:ss') AS sampled, MAX(CASE WHEN service = 'api' THEN p99_ms END)"
								+ " AS api, MAX(CASE WHEN service = 'checkout' THEN p99_ms END) AS checkout,"
								+ " MAX(CASE WHEN service = 'search' THEN p99_ms END) AS search,"
								+ " MAX(CASE WHEN service = 'auth' THEN p99_ms END) AS auth FROM service_latency"
								+ " WHERE sampled_at > DATEADD('MINUTE', -10, LOCALTIMESTAMP) GROUP BY sampled_at ORDER BY sampled_at",
						"line", "sampled", List.of("api", "checkout", "search", "auth"), null, "ms", 5),
						new Panel("Open tickets", source,
								"SELECT COUNT(*) AS open_tickets FROM tickets WHERE status = 'open'", "stat", null, null,
								"open_tickets", "tickets", 5),
						new Panel("Open tickets by priority", source,
								"SELECT priority, COUNT(*) AS tickets FROM tickets WHERE status = 'open' GROUP BY priority"
										+ " ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2"
										+ " ELSE 3 END",
								"bar", "priority", List.of("tickets"), null, null, 5),
						new Panel(SLOWEST_SERVICES, source,
								"SELECT service, ROUND(AVG(p50_ms)) AS p50_ms, MAX(p99_ms) AS worst_p99_ms FROM service_latency"
										+ " WHERE sampled_at > DATEADD('MINUTE', -1, LOCALTIMESTAMP) GROUP BY service"
										+ " ORDER BY worst_p99_ms DESC",
								"table", null, null, null, null, 5)));
	}

}
