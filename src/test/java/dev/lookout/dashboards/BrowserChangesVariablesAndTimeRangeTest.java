package dev.lookout.dashboards;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import dev.lookout.datasource.EmbeddedDataSource;
import dev.lookout.realtime.RealtimeSync;
import dev.lookout.testsupport.Browser;
import dev.lookout.testsupport.DataSourceRows;
import dev.lookout.testsupport.EmbeddedTestDatabase;
import dev.lookout.variables.TimeRange;
import dev.lookout.variables.ValueType;
import dev.lookout.variables.Variable;
import dev.lookout.variables.VariableType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

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
 * A real browser on a dashboard with a list variable and a time range: choosing another value
 * or range puts it in the page's URL and shows the panels for it without reloading the page;
 * back returns to the view before, URL and data. Each region and age of the rows adds a
 * different power of ten, so the stat shown says which rows were read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "lookout.refresh.tick-interval=250ms",
				"lookout.realtime.heartbeat=1s" })
@Import(BrowserChangesVariablesAndTimeRangeTest.Database.class)
class BrowserChangesVariablesAndTimeRangeTest {

	private static final String VALUE = "article.panel .stat .value";

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
		source = EmbeddedTestDatabase.create("browser_variables");
		try (Statement sql = source.createStatement()) {
			sql.execute("CREATE TABLE sales (region VARCHAR(10), at TIMESTAMP WITH TIME ZONE, n INT)");
			sql.execute("INSERT INTO sales VALUES ('east', DATEADD('MINUTE', -10, CURRENT_TIMESTAMP), 1), "
					+ "('east', DATEADD('HOUR', -3, CURRENT_TIMESTAMP), 10), "
					+ "('west', DATEADD('MINUTE', -10, CURRENT_TIMESTAMP), 100), "
					+ "('west', DATEADD('HOUR', -3, CURRENT_TIMESTAMP), 1000)");
		}
	}

	@AfterAll
	static void close() throws Exception {
		source.close();
	}

	@Test
	void changingTheRegionAndTheTimeRangeShowsTheirDataAndBackReturnsToTheViewBefore() {
		long dataSource = DataSourceRows.insert(this.jdbc, "browser-variables",
				EmbeddedTestDatabase.url("browser_variables"), EmbeddedTestDatabase.READER);
		Variable region = new Variable("region", "Region", VariableType.LIST, false, ValueType.TEXT,
				List.of("east", "west"), null, false, List.of("east"));
		this.dashboards.ensure(new ProvisionedDashboard("browser-variables", "Sales", "", List.of(region),
				new TimeRange("Time range", "now-1h", "now"), List.of(new ProvisionedDashboard.Panel("Sales", dataSource,
						"SELECT COALESCE(SUM(n), 0) AS \"n\" FROM sales WHERE region = :region AND at >= :from AND at < :to",
						"stat", null, null, "n", null, 5))));
		JavascriptExecutor script = (JavascriptExecutor) this.browser.driver();
		String page = "http://127.0.0.1:" + this.port + "/d/browser-variables";

		this.browser.driver().get(page);
		this.browser.until((driver) -> shown().equals("1"));
		assertThat(this.browser.driver().getCurrentUrl()).isEqualTo(page);
		script.executeScript("window.sameDocument = true;");

		new Select(this.browser.driver().findElement(By.id("variable-region"))).selectByValue("west");
		this.browser.until(ExpectedConditions.urlContains("region=west"));
		this.browser.until((driver) -> shown().equals("100"));

		new Select(this.browser.driver().findElement(By.id("time-range"))).selectByVisibleText("Last 6 hours");
		this.browser.until(ExpectedConditions.urlContains("from=now-6h"));
		this.browser.until((driver) -> shown().equals("1100"));
		assertThat(this.browser.driver().getCurrentUrl()).contains("region=west");
		assertThat(this.browser.driver().findElement(By.cssSelector("#variables .resolved")).getText()).as("the range read")
			.startsWith("Showing ")
			.endsWith(" UTC");

		script.executeScript("history.back();");
		this.browser.until(ExpectedConditions.not(ExpectedConditions.urlContains("from=")));
		this.browser.until((driver) -> shown().equals("100"));
		assertThat(this.browser.driver().getCurrentUrl()).isEqualTo(page + "?region=west");
		assertThat(this.browser.driver().findElement(By.cssSelector("#time-range")).getDomProperty("value"))
			.as("the control restored")
			.isEqualTo("now-1h|now");

		script.executeScript("history.back();");
		this.browser.until(ExpectedConditions.urlToBe(page));
		this.browser.until((driver) -> shown().equals("1"));
		assertThat(new Select(this.browser.driver().findElement(By.id("variable-region"))).getFirstSelectedOption().getText())
			.isEqualTo("east");

		assertThat(script.executeScript("return window.sameDocument === true;")).as("no reload").isEqualTo(true);
		// Each change closed the stream before; the server notices at its next heartbeat.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.sync.clients() == 1);
	}

	@Test
	void aValueTheServerRefusesIsSaidInTheBar() {
		long dataSource = DataSourceRows.insert(this.jdbc, "browser-variables-refused",
				EmbeddedTestDatabase.url("browser_variables"), EmbeddedTestDatabase.READER);
		this.dashboards.ensure(new ProvisionedDashboard("browser-variables-refused", "Sales", "", List.of(),
				new TimeRange("Time range", "now-1h", "now"), List.of(new ProvisionedDashboard.Panel("Sales", dataSource,
						"SELECT COALESCE(SUM(n), 0) AS \"n\" FROM sales WHERE at >= :from AND at < :to", "stat", null, null,
						"n", null, 5))));
		this.browser.driver().get("http://127.0.0.1:" + this.port + "/d/browser-variables-refused");
		this.browser.until((driver) -> shown().equals("101"));

		WebElement from = this.browser.driver().findElement(By.name("from"));
		from.clear();
		from.sendKeys("soon\n");
		this.browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#variables .bar-problem")));
		assertThat(this.browser.driver().findElement(By.cssSelector("#variables .bar-problem")).getText()).contains("from")
			.contains("'soon'");
		assertThat(this.browser.driver().getCurrentUrl()).contains("from=soon");
	}

	/** The stat shown, digits only ("1,100" is 1100 whatever the browser's locale); empty while loading. */
	private String shown() {
		// Read in one script: the element is replaced whenever a result arrives.
		Object text = ((JavascriptExecutor) this.browser.driver())
			.executeScript("const value = document.querySelector(arguments[0]); return value ? value.textContent : '';", VALUE);
		return String.valueOf(text).replaceAll("[^0-9]", "");
	}

	/** Declares the test's H2 database as one the application owns, as the demo declares its own. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Database {

		@Bean
		EmbeddedDataSource variablesDatabase() {
			return EmbeddedTestDatabase.declaration("browser_variables");
		}

	}

}
