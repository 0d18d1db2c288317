package dev.lookout.security.web;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.datasource.EmbeddedDataSource;
import dev.lookout.testsupport.Browser;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import dev.lookout.testsupport.UsesTheExampleDirectory;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every page, signed in as an admin in a real browser, renders its content under the enforced
 * Content Security Policy and makes the browser report no violation: the dashboard list, a
 * dashboard with live charts, a table and a stat, its editor with a preview, the new-dashboard
 * form, the data sources with a connection test, the runtime page, the alerts page with its rule
 * form, the notification channels with a webhook created on their form, the sign-in page and an
 * error page. And the check can fail: a script without the nonce is blocked and reported.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=false", "lookout.refresh.tick-interval=250ms", "lookout.realtime.heartbeat=1s" })
@Import(EveryPageLoadsUnderTheContentSecurityPolicyTest.Database.class)
class EveryPageLoadsUnderTheContentSecurityPolicyTest implements UsesTheExampleDirectory {

	private static Connection source;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DashboardProvisioning dashboards;

	@RegisterExtension
	final Browser browser = Browser.forEachTest(Duration.ofSeconds(30));

	@BeforeAll
	static void data() throws Exception {
		source = EmbeddedTestDatabase.create("csp_pages",
				"CREATE TABLE sales (region VARCHAR(20), amount INT)",
				"INSERT INTO sales VALUES ('EU', 120), ('US', 80), ('APAC', 45)");
	}

	@AfterAll
	static void close() throws Exception {
		source.close();
	}

	@Test
	void everyPageRendersWithoutAViolation() {
		long dataSource = DataSourceRows.insert(this.jdbc, "csp-pages", EmbeddedTestDatabase.url("csp_pages"),
				EmbeddedTestDatabase.READER);
		// Quoted aliases: H2 would upper-case the column names the panel options refer to.
		this.dashboards.ensure(new ProvisionedDashboard("csp-pages", "Sales under CSP", "", List.of(), null, List.of(
				new ProvisionedDashboard.Panel("By region", dataSource,
						"SELECT region AS \"region\", amount AS \"amount\" FROM sales ORDER BY region", "bar", "region",
						List.of("amount"), null, null, 5),
				new ProvisionedDashboard.Panel("Trend", dataSource, "SELECT amount AS \"x\", amount * 2 AS \"y\""
						+ " FROM sales ORDER BY amount", "line", "x", List.of("y"), null, null, 5),
				new ProvisionedDashboard.Panel("Total", dataSource, "SELECT sum(amount) AS \"total\" FROM sales", "stat", null,
						null, "total", "EUR", 5),
				new ProvisionedDashboard.Panel("Rows", dataSource, "SELECT * FROM sales ORDER BY region", "table", null,
						null, null, null, 5))));

		open("/login");
		this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
		this.browser.signIn("ada");
		pageShown();

		open("/");
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Dashboards"));
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("table.list"), "Sales under CSP"));
		pageShown();

		open("/d/csp-pages");
		this.browser.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("article.panel .chart canvas"), 2));
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article.panel .stat .value"),
				"245"));
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article.panel table.rows"),
				"APAC"));
		assertThat(script("return document.querySelectorAll('article.panel .panel-meta .age').length")).isEqualTo(4L);
		pageShown();

		open("/d/csp-pages/edit");
		this.browser.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("form.panel-editor"), 4));
		this.browser.driver().findElement(By.xpath("(//form[contains(@class,'panel-editor')]//button[normalize-space()='Preview'])[1]"))
			.click();
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".preview table.rows"), "EU"));
		pageShown();

		open("/dashboards/new");
		this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.form input[name=slug]")));
		pageShown();

		open("/admin/datasources");
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "csp-pages"));
		pageShown();

		open("/admin/datasources/new");
		this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("jdbcUrl")));
		pageShown();

		// Its inline script (with the nonce) wires the button, which calls the API with fetch.
		open("/admin/datasources/" + dataSource + "/edit");
		this.browser.until(ExpectedConditions.elementToBeClickable(By.id("test-connection"))).click();
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("test-result"), "Connected to H2"));
		pageShown();

		open("/admin/runtime");
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "lookout-request"));
		pageShown();

		open("/alerts");
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Alerts"));
		pageShown();

		// Its script shows the fields of the condition type chosen.
		open("/alerts/new");
		this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("rule-form")));
		assertThat(this.browser.driver().findElement(By.id("staleForSeconds")).isDisplayed()).as("for STALE_FOR only").isFalse();
		pageShown();

		// Plain forms, no script: a webhook created on the form, its secret shown once on the list, its edit page.
		open("/alerts/channels/new");
		this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("channel-form")));
		pageShown();
		this.browser.driver().findElement(By.id("name")).sendKeys("CSP hook");
		this.browser.driver().findElement(By.id("url")).sendKeys("http://127.0.0.1:9/hook");
		this.browser.driver().findElement(By.id("save-channel")).click();
		this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-secret")));
		assertThat(this.browser.driver().findElement(By.id("secret")).getDomProperty("value")).startsWith("whsec_");
		pageShown();
		this.browser.driver().findElement(By.linkText("CSP hook")).click();
		this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret-form")));
		pageShown();

		// The admin's own sign-in is in the audit log by now (written off the request thread).
		this.browser.until((driver) -> {
			open("/admin/audit?action=login.");
			return driver.findElement(By.tagName("main")).getText().contains("login.succeeded");
		});
		pageShown();

		open("/no-such-page");
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "404"));
		assertThat(this.browser.driver().findElement(By.tagName("code")).getText()).isNotBlank();
		pageShown();
	}

	@Test
	void aScriptWithoutTheNonceIsBlockedAndReported() {
		open("/login");
		this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
		this.browser.assertNoContentSecurityPolicyViolation();

		script("const s = document.createElement('script'); s.textContent = 'window.injected = true;';"
				+ " document.head.append(s);");

		this.browser.until((driver) -> !this.browser.contentSecurityPolicyViolations().isEmpty());
		assertThat(script("return typeof window.injected")).as("blocked").isEqualTo("undefined");
		assertThat(this.browser.contentSecurityPolicyViolations()).singleElement()
			.asString()
			.contains("inline script", "Content Security Policy", "script-src");
		assertThatThrownBy(this.browser::assertNoContentSecurityPolicyViolation).isInstanceOf(AssertionError.class)
			.hasMessageContaining("Content Security Policy");
		this.browser.forgetConsole();
	}

	@Test
	void aScriptWithTheNonceOfItsPageRuns() {
		this.dashboards.ensure(new ProvisionedDashboard("csp-nonce", "Nonce", "", List.of(), null, List.of()));
		open("/login");
		this.browser.signIn("ada");
		open("/d/csp-nonce");
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Nonce"));

		// Browsers hide the nonce from the attribute once the page has loaded; the property keeps it.
		script("const s = document.createElement('script'); s.nonce = document.querySelector('script[nonce]').nonce;"
				+ " s.textContent = 'window.trusted = true;'; document.head.append(s);");

		assertThat(script("return window.trusted === true")).isEqualTo(true);
		pageShown();
	}

	/** The page rendered (checked by the caller) and the browser reported no violation while it did. */
	private void pageShown() {
		this.browser.assertNoContentSecurityPolicyViolation();
	}

	private void open(String path) {
		this.browser.driver().get("http://127.0.0.1:" + this.port + path);
	}

	private Object script(String code) {
		return ((JavascriptExecutor) this.browser.driver()).executeScript(code);
	}

	/** Declares the test's H2 database as one the application owns, as the demo declares its own. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Database {

		@Bean
		EmbeddedDataSource pagesDatabase() {
			return EmbeddedTestDatabase.declaration("csp_pages");
		}

	}

}
