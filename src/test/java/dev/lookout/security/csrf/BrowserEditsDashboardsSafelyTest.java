package dev.lookout.security.csrf;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
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
 * DESIGN §2 and §6 in a real browser (Debian's Chromium, driven by its chromedriver): sign in
 * through the form, edit a dashboard through a form and through a fetch call, see the CSRF
 * refusal when the token is gone, and render hostile titles, column names and cell values
 * without any of them running and without breaking the page's own script.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=false", "lookout.refresh.tick-interval=250ms" })
@Import(BrowserEditsDashboardsSafelyTest.Database.class)
class BrowserEditsDashboardsSafelyTest implements UsesTheExampleDirectory {

	/** Each tries to run script its own way; none may. */
	static final String HOSTILE_TITLE = "</script><script>window.pwned='title'</script> \"quotes' \\ \u2028<!--";

	static final String HOSTILE_COLUMN = "</script><img src=x onerror=\"window.pwned='column'\">";

	static final String HOSTILE_CELL = "<img src=x onerror=\"window.pwned='cell'\"> \\\" ' \u2028 ]]*/";

	private static Connection hostileDatabase;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DashboardProvisioning dashboards;

	@RegisterExtension
	final Browser browser = Browser.forEachTest(Duration.ofSeconds(20));

	@BeforeAll
	static void hostileData() throws Exception {
		hostileDatabase = EmbeddedTestDatabase.create("browser_hostile");
		try (Statement sql = hostileDatabase.createStatement()) {
			sql.execute("CREATE TABLE hostile (\"" + HOSTILE_COLUMN.replace("\"", "\"\"") + "\" VARCHAR(200))");
		}
		try (PreparedStatement insert = hostileDatabase.prepareStatement("INSERT INTO hostile VALUES (?)")) {
			insert.setString(1, HOSTILE_CELL);
			insert.executeUpdate();
		}
	}

	@AfterAll
	static void close() throws Exception {
		hostileDatabase.close();
	}

	@Test
	void signInEditRefuseAndRenderHostileValuesSafely() {
		String slug = "hostile-" + System.nanoTime();
		long source = DataSourceRows.insert(this.jdbc, slug, EmbeddedTestDatabase.url("browser_hostile"),
				EmbeddedTestDatabase.READER);
		this.dashboards.ensure(new ProvisionedDashboard(slug, HOSTILE_TITLE, HOSTILE_CELL, List.of(), null, List.of(
				new ProvisionedDashboard.Panel(HOSTILE_TITLE, source, "SELECT * FROM hostile", "table", null, null, null,
						null, 5))));

		// Signing in through the form (it carries the session's CSRF token in a hidden field).
		this.browser.driver().get(url("/d/" + slug));
		this.browser.signIn("ed");
		this.browser.until(ExpectedConditions.urlContains("/d/" + slug));

		// Hostile values appear as text, and the page's own script still renders the panel.
		WebElement cell = this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("article.panel table.rows tbody td")));
		assertThat(cell.getAttribute("textContent")).isEqualTo(HOSTILE_CELL);
		assertThat(this.browser.driver().findElement(By.cssSelector("article.panel table.rows thead th")).getAttribute("textContent"))
			.isEqualTo(HOSTILE_COLUMN);
		assertThat(this.browser.driver().findElement(By.cssSelector("article.panel h2")).getAttribute("textContent"))
			.isEqualTo(HOSTILE_TITLE);
		assertThat(this.browser.driver().findElement(By.tagName("h1")).getAttribute("textContent")).contains(HOSTILE_TITLE);
		assertNothingRan();

		// Editing through an HTML form.
		this.browser.driver().get(url("/d/" + slug + "/edit"));
		WebElement title = this.browser.until(
				ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dashboard-settings input[name=title]")));
		title.clear();
		title.sendKeys("Renamed through the form");
		this.browser.driver().findElement(By.cssSelector("#dashboard-settings button[type=submit]")).click();
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Renamed through the form"));
		assertNothingRan();

		// Editing through fetch (lookout.api sends the token in X-CSRF-Token).
		WebElement panelTitle = this.browser.until(ExpectedConditions
			.visibilityOfElementLocated(By.cssSelector("form.panel-editor input[name=title]")));
		assertThat(panelTitle.getAttribute("value")).isEqualTo(HOSTILE_TITLE);
		panelTitle.clear();
		panelTitle.sendKeys("Renamed through fetch");
		saveFirstPanel();
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.panel-editor .message"),
				"Saved."));
		assertThat(this.jdbc.sql("SELECT title FROM panel WHERE title = 'Renamed through fetch'").query(String.class).list())
			.hasSize(1);

		// Without the token the same call is refused, and the page says why.
		((JavascriptExecutor) this.browser.driver()).executeScript("document.querySelector('meta[name=\"csrf-token\"]').remove();");
		panelTitle.clear();
		panelTitle.sendKeys("Must not be saved");
		saveFirstPanel();
		this.browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.panel-editor .message"),
				"CSRF_TOKEN_MISSING"));
		assertThat(this.jdbc.sql("SELECT count(*) FROM panel WHERE title = 'Must not be saved'").query(Long.class).single())
			.isZero();
		assertNothingRan();
	}

	private void saveFirstPanel() {
		this.browser.driver().findElement(By.xpath("//form[contains(@class,'panel-editor')]//button[normalize-space()='Save panel']"))
			.click();
	}

	private void assertNothingRan() {
		assertThat(((JavascriptExecutor) this.browser.driver()).executeScript("return typeof window.pwned")).isEqualTo("undefined");
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** Declares the test's H2 database as one the application owns, as the demo declares its own. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Database {

		@Bean
		EmbeddedDataSource hostileDatabase() {
			return EmbeddedTestDatabase.declaration("browser_hostile");
		}

	}

}
