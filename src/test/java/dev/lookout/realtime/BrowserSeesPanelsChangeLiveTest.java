package dev.lookout.realtime;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.EmbeddedDataSource;
import dev.lookout.testsupport.Browser;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import dev.lookout.testsupport.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser on a dashboard page: a new row in the data source shows on screen at the next
 * refresh, pushed over the event stream, without a reload and without the page polling. A result
 * above {@code SSE_MAX_EVENT_BYTES} is only announced ({@code refetch}) and the page reads it.
 * Heartbeats every second, so that the stream of a closed browser is gone before the next test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "lookout.refresh.tick-interval=250ms",
				"lookout.realtime.max-event-bytes=4096", "lookout.realtime.heartbeat=1s" })
@Import(BrowserSeesPanelsChangeLiveTest.Database.class)
class BrowserSeesPanelsChangeLiveTest {

	private static Connection source;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	RealtimeSync sync;

	@RegisterExtension
	final Browser browser = Browser.forEachTest(Duration.ofSeconds(20));

	@BeforeAll
	static void data() throws Exception {
		source = EmbeddedTestDatabase.create("browser_live",
				"CREATE TABLE ticks (n INT)",
				"INSERT INTO ticks VALUES (41)",
				"CREATE TABLE big_ticks (n INT)",
				"INSERT INTO big_ticks VALUES (41)");
	}

	@AfterAll
	static void close() throws Exception {
		source.close();
	}

	@Test
	void aNewRowAppearsWithoutReloadingThePage() throws Exception {
		long dataSource = DataSourceRows.insert(this.jdbc, "browser-live", EmbeddedTestDatabase.url("browser_live"),
				EmbeddedTestDatabase.READER);
		this.dashboards.ensure(new ProvisionedDashboard("browser-live", "Live", "", List.of(), null, List.of(
				new ProvisionedDashboard.Panel("Latest", dataSource, "SELECT max(n) AS \"n\" FROM ticks", "stat", null, null,
						"n", null, 5))));
		this.browser.driver().get("http://127.0.0.1:" + this.port + "/d/browser-live");
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article.panel .stat .value"), "41"));
		JavascriptExecutor script = (JavascriptExecutor) this.browser.driver();
		script.executeScript("window.sameDocument = true;");

		try (Statement sql = source.createStatement()) {
			sql.execute("INSERT INTO ticks VALUES (42)");
		}
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article.panel .stat .value"), "42"));

		assertThat(script.executeScript("return window.sameDocument === true;")).as("no reload").isEqualTo(true);
		@SuppressWarnings("unchecked")
		List<String> requested = (List<String>) script
			.executeScript("return performance.getEntriesByType('resource').map((entry) => entry.name);");
		assertThat(requested).as("no polling").noneMatch((url) -> url.contains("/result"));
		assertThat(this.sync.clients()).as("the page's event stream").isEqualTo(1);
	}

	@Test
	void aResultAboveTheEventSizeCapIsAnnouncedAndThePageReadsIt() throws Exception {
		long dataSource = DataSourceRows.insert(this.jdbc, "browser-big", EmbeddedTestDatabase.url("browser_live"),
				EmbeddedTestDatabase.READER);
		// About 5 KB of padding: above the 4 KB cap of this test, so never pushed whole.
		this.dashboards.ensure(new ProvisionedDashboard("browser-big", "Big", "", List.of(), null, List.of(new ProvisionedDashboard.Panel(
				"Latest", dataSource, "SELECT max(n) AS \"n\", REPEAT('x', 5000) AS pad FROM big_ticks", "stat", null,
				null, "n", null, 5))));
		this.browser.driver().get("http://127.0.0.1:" + this.port + "/d/browser-big");
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article.panel .stat .value"), "41"));
		JavascriptExecutor script = (JavascriptExecutor) this.browser.driver();
		script.executeScript("window.sameDocument = true;");
		long readsBefore = resultReads(script);

		try (SseClient stream = SseClient.open("127.0.0.1", this.port, "/api/stream?dashboard=browser-big", null, null)) {
			SseClient.Event announced = stream.next("refetch", Duration.ofSeconds(5));
			assertThat(announced).as("the current result, announced rather than sent").isNotNull();
			try (Statement sql = source.createStatement()) {
				sql.execute("INSERT INTO big_ticks VALUES (42)");
			}
			this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article.panel .stat .value"),
					"42"));
			SseClient.Event next = stream.next(Duration.ofSeconds(5));
			while (next != null && !"refetch".equals(next.type())) {
				assertThat(next.type()).as("no whole result above the cap").isNotEqualTo("result");
				next = stream.next(Duration.ofSeconds(5));
			}
			assertThat(next).as("the new result, announced").isNotNull();
			assertThat(next.data()).contains("\"panelId\":").contains("\"resultVersion\":");
		}
		assertThat(script.executeScript("return window.sameDocument === true;")).as("no reload").isEqualTo(true);
		assertThat(resultReads(script)).as("the page read the announced result").isGreaterThan(readsBefore);
	}

	private static long resultReads(JavascriptExecutor script) {
		return (Long) script.executeScript("return performance.getEntriesByType('resource')"
				+ ".filter((entry) => /\\/api\\/panels\\/\\d+\\/result$/.test(entry.name)).length;");
	}

	/** Declares the test's H2 database as one the application owns, as the demo declares its own. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Database {

		@Bean
		EmbeddedDataSource liveDatabase() {
			return EmbeddedTestDatabase.declaration("browser_live");
		}

	}

}
