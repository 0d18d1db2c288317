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
import dev.lookout.realtime.RealtimeSync;
import dev.lookout.testsupport.Browser;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import dev.lookout.testsupport.SessionClient;
import dev.lookout.testsupport.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

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
 * A real browser, signed in, on a dashboard whose stat panel has an alert rule: the panel's bell
 * shows the rule's state from the alerts API at load, and turns red (FIRING) when the value
 * crosses the threshold, pushed over the event stream, without a reload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "LDAP_BIND_DN=cn=lookout,ou=services,dc=example,dc=com", "LDAP_BIND_PASSWORD=service-Pa55word",
				"PUBLIC_DASHBOARDS=false", "lookout.refresh.tick-interval=250ms", "lookout.realtime.heartbeat=1s" })
@Import(BrowserShowsTheAlertBellTurnRedTest.Database.class)
class BrowserShowsTheAlertBellTurnRedTest {

	private static final String DATABASE = "browser_bell";

	private static final String BELL = "article.panel .panel-head a.bell";

	private static final TestDirectory directory = TestDirectory.start("dc=example,dc=com", "directory/example.ldif",
			true);

	private static Connection source;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	RealtimeSync sync;

	private Browser session;

	private WebDriver browser;

	@DynamicPropertySource
	static void directory(DynamicPropertyRegistry registry) {
		registry.add("LDAP_URL", directory::url);
	}

	@BeforeAll
	static void data() throws Exception {
		source = EmbeddedTestDatabase.create(DATABASE,
				"CREATE TABLE readings (v INT)",
				"INSERT INTO readings VALUES (50)");
	}

	@AfterAll
	static void close() throws Exception {
		source.close();
		directory.close();
	}

	@BeforeEach
	void openBrowser() {
		this.session = Browser.open(Duration.ofSeconds(20));
		this.browser = this.session.driver();
	}

	@AfterEach
	void closeBrowser() {
		if (this.session != null) {
			this.session.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.sync.clients() == 0);
		}
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
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		this.browser.get(url("/d/browser-bell"));
		this.session.signIn("ed");
		wait.until(ExpectedConditions.urlContains("/d/browser-bell"));

		WebElement bell = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(BELL)));
		wait.until((driver) -> shownValue().equals("50"));
		assertThat(bell.getAttribute("class")).contains("bell-ok").doesNotContain("bell-firing");
		assertThat(bell.getAttribute("title")).contains("Reading high");
		assertThat(bell.getAttribute("href")).endsWith("/alerts");
		JavascriptExecutor script = (JavascriptExecutor) this.browser;
		script.executeScript("window.sameDocument = true;");

		try (Statement sql = source.createStatement()) {
			sql.execute("UPDATE readings SET v = 150");
		}
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((driver) -> bellClass().contains("bell-firing"));
		assertThat(this.browser.findElement(By.cssSelector(BELL)).getAttribute("title")).contains("Reading high: firing");
		assertThat(script.executeScript("return window.sameDocument === true;")).as("no reload").isEqualTo(true);
	}

	/** The bell's classes, read in one script. */
	private String bellClass() {
		Object classes = ((JavascriptExecutor) this.browser).executeScript(
				"const bell = document.querySelector(arguments[0]); return bell ? bell.className : '';", BELL);
		return String.valueOf(classes);
	}

	/** The stat shown, digits only; empty while loading. */
	private String shownValue() {
		Object text = ((JavascriptExecutor) this.browser).executeScript(
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
