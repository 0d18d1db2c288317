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
import dev.lookout.testsupport.Browser;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.UsesTheExampleDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
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
 * A real browser, signed in, on a dashboard whose stat panel has an alert rule: the panel's bell
 * shows the rule's state from the alerts API at load, and turns red (FIRING) when the value
 * crosses the threshold, pushed over the event stream, without a reload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=false", "lookout.refresh.tick-interval=250ms", "lookout.realtime.heartbeat=1s" })
@Import(BrowserShowsTheAlertBellTurnRedTest.Database.class)
class BrowserShowsTheAlertBellTurnRedTest implements UsesTheExampleDirectory {

	private static final String DATABASE = "browser_bell";

	private static final String BELL = "article.panel .panel-head a.bell";

	private static Connection source;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DashboardProvisioning dashboards;

	@RegisterExtension
	final Browser browser = Browser.forEachTest(Duration.ofSeconds(20));

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
	void thePanelsBellTurnsRedWhenItsRuleFiresWithoutAReload() throws Exception {
		long dataSource = DataSourceRows.insert(this.jdbc, "browser-bell", EmbeddedTestDatabase.url(DATABASE),
				EmbeddedTestDatabase.READER);
		this.dashboards.ensure(new ProvisionedDashboard("browser-bell", "Readings", "", List.of(), null,
				List.of(new ProvisionedDashboard.Panel("Reading", dataSource, "SELECT v AS \"v\" FROM readings", "stat", null,
						null, "v", null, 5))));
		long panelId = this.jdbc
			.sql("SELECT p.id FROM panel p JOIN dashboard d ON d.id = p.dashboard_id WHERE d.slug = 'browser-bell'")
			.query(Long.class)
			.single();

		SessionClient ed = SessionClient.signedIn(instance(), "ed");
		HttpResponse<String> created = ed.post(instance(), "/api/alerts", """
				{"name": "Reading high", "panelId": %d, "view": {}, "forSeconds": 0, "resolveAfterSeconds": 0,
				 "condition": {"type": "VALUE", "column": "v", "op": ">", "threshold": 100}}""".formatted(panelId),
				ed.csrfToken(instance()));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

		// Signing in through the form, then the dashboard.
		this.browser.driver().get(url("/d/browser-bell"));
		this.browser.signIn("ed");
		this.browser.until(ExpectedConditions.urlContains("/d/browser-bell"));

		WebElement bell = this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(BELL)));
		this.browser.until((driver) -> shownValue().equals("50"));
		assertThat(bell.getAttribute("class")).contains("bell-ok").doesNotContain("bell-firing");
		assertThat(bell.getAttribute("title")).contains("Reading high");
		assertThat(bell.getAttribute("href")).endsWith("/alerts");
		JavascriptExecutor script = (JavascriptExecutor) this.browser.driver();
		script.executeScript("window.sameDocument = true;");

		try (Statement sql = source.createStatement()) {
			sql.execute("UPDATE readings SET v = 150");
		}
		this.browser.until((driver) -> bellClass().contains("bell-firing"));
		assertThat(this.browser.driver().findElement(By.cssSelector(BELL)).getAttribute("title")).contains("Reading high: firing");
		assertThat(script.executeScript("return window.sameDocument === true;")).as("no reload").isEqualTo(true);
	}

	/** The bell's classes, read in one script. */
	private String bellClass() {
		Object classes = ((JavascriptExecutor) this.browser.driver()).executeScript(
				"const bell = document.querySelector(arguments[0]); return bell ? bell.className : '';", BELL);
		return String.valueOf(classes);
	}

	/** The stat shown, digits only; empty while loading. */
	private String shownValue() {
		Object text = ((JavascriptExecutor) this.browser.driver()).executeScript(
				"const value = document.querySelector('article.panel .stat .value'); return value ? value.textContent : '';");
		return String.valueOf(text).replaceAll("[^0-9]", "");
	}

	private URI instance() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** Declares the test's H2 database as one the application owns, as the demo declares its own. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Database {

		@Bean
		EmbeddedDataSource bellDatabase() {
			return EmbeddedTestDatabase.declaration(DATABASE);
		}

	}

}
