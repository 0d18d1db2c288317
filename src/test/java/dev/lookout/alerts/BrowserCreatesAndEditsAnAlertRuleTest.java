package dev.lookout.alerts;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.EmbeddedDataSource;
import dev.lookout.refresh.PanelResults;
import dev.lookout.refresh.ViewKey;
import dev.lookout.testsupport.Browser;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import dev.lookout.testsupport.UsesTheExampleDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real browser, signed in as an editor, on the alerts page: it creates a VALUE rule through the
 * form (choosing the dashboard, then its panel, offered the panel's columns), sees it listed with
 * its state, raises it past the value by editing its threshold and sees it fire, is told next to the
 * field that an empty threshold is refused, and deletes the rule.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=false", "lookout.refresh.tick-interval=250ms" })
@Import(BrowserCreatesAndEditsAnAlertRuleTest.Database.class)
class BrowserCreatesAndEditsAnAlertRuleTest implements UsesTheExampleDirectory {

	private static final String DATABASE = "browser_rules";

	private static Connection source;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	PanelResults results;

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
	void anEditorCreatesEditsAndDeletesAValueRuleThroughTheForm() {
		long dataSource = DataSourceRows.insert(this.jdbc, "browser-rules", EmbeddedTestDatabase.url(DATABASE),
				EmbeddedTestDatabase.READER);
		// "Another board" is listed first, so the form starts there and the editor chooses "Readings".
		this.dashboards.ensure(new ProvisionedDashboard("browser-another", "Another board", "", List.of(), null,
				List.of(new ProvisionedDashboard.Panel("Elsewhere", dataSource, "SELECT 1 AS \"one\"", "stat", null, null,
						"one", null, 60))));
		this.dashboards.ensure(new ProvisionedDashboard("browser-rules", "Readings", "", List.of(), null,
				List.of(new ProvisionedDashboard.Panel("Reading", dataSource, "SELECT v AS \"v\" FROM readings", "stat",
						null, null, "v", null, 5))));
		long panelId = this.jdbc
			.sql("SELECT p.id FROM panel p JOIN dashboard d ON d.id = p.dashboard_id WHERE d.slug = 'browser-rules'")
			.query(Long.class)
			.single();
		// The form offers the columns of the panel's current result: wait until it has one.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.results.current(ViewKey.of(panelId), 0)
				.map((result) -> new String(result.body(), StandardCharsets.UTF_8).contains("\"name\":\"v\""))
				.orElse(false));

		// Signing in through the form from the alerts page's "New rule".
		this.browser.driver().get(url("/alerts/new"));
		this.browser.signIn("ed");
		this.browser.until(ExpectedConditions.urlContains("/alerts/new"));
		assertThat(selected("panelId")).isEqualTo("Elsewhere");
		assertThat(this.browser.driver().findElements(By.id("choose-panel"))).as("the script asks again on a change").isEmpty();

		// Choosing the dashboard brings its panel and that panel's columns, keeping the name typed.
		this.browser.driver().findElement(By.id("name")).sendKeys("Reading high");
		WebElement before = this.browser.driver().findElement(By.id("panelId"));
		new Select(this.browser.driver().findElement(By.id("dashboard"))).selectByVisibleText("Readings");
		this.browser.until(ExpectedConditions.stalenessOf(before));
		assertThat(selected("panelId")).isEqualTo("Reading");
		assertThat(this.browser.driver().findElement(By.id("name")).getDomProperty("value")).isEqualTo("Reading high");
		assertThat(this.browser.driver().findElement(By.cssSelector("datalist#columns option")).getDomProperty("value"))
			.isEqualTo("v");

		// Only the fields of the condition type show.
		new Select(this.browser.driver().findElement(By.id("type"))).selectByVisibleText("ANY_ROW");
		assertThat(this.browser.driver().findElement(By.id("threshold")).isDisplayed()).isFalse();
		new Select(this.browser.driver().findElement(By.id("type"))).selectByVisibleText("VALUE");
		assertThat(this.browser.driver().findElement(By.id("threshold")).isDisplayed()).isTrue();

		this.browser.driver().findElement(By.id("column")).sendKeys("v");
		new Select(this.browser.driver().findElement(By.id("op"))).selectByVisibleText(">");
		this.browser.driver().findElement(By.id("threshold")).sendKeys("100");
		this.browser.driver().findElement(By.id("save-rule")).click();
		// The notice, not the URL: the form posts to /alerts too, so the URL says nothing about the redirect.
		noticed("Rule 'Reading high' created.");
		assertThat(stateOf("Reading high")).isEqualTo("OK");

		// A threshold below the value: the rule fires at the panel's next refresh.
		editRule("Reading high");
		WebElement threshold = this.browser.driver().findElement(By.id("threshold"));
		assertThat(threshold.getDomProperty("value")).isEqualTo("100");
		threshold.clear();
		threshold.sendKeys("40");
		this.browser.driver().findElement(By.id("save-rule")).click();
		noticed("Rule 'Reading high' saved.");
		new WebDriverWait(this.browser.driver(), Duration.ofSeconds(30)).until((driver) -> {
			driver.navigate().refresh();
			return stateOf("Reading high").equals("FIRING");
		});

		// No threshold: the server's message shows next to the field, the rest as typed.
		editRule("Reading high");
		this.browser.driver().findElement(By.id("threshold")).clear();
		this.browser.driver().findElement(By.id("save-rule")).click();
		WebElement problem = this.browser.until(ExpectedConditions
			.visibilityOfElementLocated(By.cssSelector("[data-problem='condition.threshold']")));
		assertThat(problem.getText()).isEqualTo("is required: a number");
		assertThat(this.browser.driver().findElement(By.id("name")).getDomProperty("value")).isEqualTo("Reading high");
		assertThat(this.jdbc.sql("SELECT condition_json FROM alert_rule").query(String.class).single())
			.contains("\"threshold\":\"40\"");

		this.browser.driver().get(url("/alerts"));
		rowOf("Reading high").findElement(By.xpath(".//button[text()='Delete']")).click();
		// The fresh page had no notice: this one is the delete's. (Not a wait for the row to go stale:
		// ChromeDriver may answer that with an inspector error while the page is replaced.)
		noticed("Rule 'Reading high' deleted.");
		assertThat(this.browser.driver().findElements(By.xpath("//table//td[text()='Reading high']"))).isEmpty();
		this.browser.assertNoContentSecurityPolicyViolation();
	}

	private void editRule(String name) {
		rowOf(name).findElement(By.linkText("Edit")).click();
		this.browser.until(ExpectedConditions.urlMatches("/alerts/[0-9]+/edit$"));
	}

	private WebElement rowOf(String name) {
		return this.browser.driver().findElement(By.xpath("//table//tr[td[1][text()='" + name + "']]"));
	}

	/** Waits until the alerts page, after a redirect, says {@code text} in its notice. */
	private void noticed(String text) {
		this.browser.until(ExpectedConditions.textToBe(By.cssSelector("p.notice"), text));
	}

	private String stateOf(String name) {
		return rowOf(name).findElement(By.cssSelector(".alert-state")).getText();
	}

	private String selected(String select) {
		return new Select(this.browser.driver().findElement(By.id(select))).getFirstSelectedOption().getText();
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** Declares the test's H2 database as one the application owns, as the demo declares its own. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Database {

		@Bean
		EmbeddedDataSource rulesDatabase() {
			return EmbeddedTestDatabase.declaration(DATABASE);
		}

	}

}
