package dev.lookout.realtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import dev.lookout.dashboards.DashboardProvisioning;
import dev.lookout.dashboards.ProvisionedDashboard;
import dev.lookout.testsupport.DataSourceRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser on a dashboard page: a new row in the data source shows on screen at the next
 * refresh, pushed over the event stream, without a reload and without the page polling.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "PUBLIC_DASHBOARDS=true", "lookout.refresh.tick-interval=250ms" })
class BrowserSeesPanelsChangeLiveTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static Connection source;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DashboardProvisioning dashboards;

	@Autowired
	RealtimeSync sync;

	private WebDriver browser;

	@BeforeAll
	static void data() throws Exception {
		source = DriverManager.getConnection("jdbc:h2:mem:browser_live;DB_CLOSE_DELAY=-1", "sa", "");
		try (Statement sql = source.createStatement()) {
			sql.execute("CREATE TABLE ticks (n INT)");
			sql.execute("INSERT INTO ticks VALUES (41)");
		}
	}

	@AfterAll
	static void close() throws Exception {
		source.close();
	}

	@BeforeEach
	void openBrowser() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Browser tests need Debian's chromium and chromium-driver (.ci/run installs them)");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,1000");
		this.browser = new ChromeDriver(
				new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aNewRowAppearsWithoutReloadingThePage() throws Exception {
		long dataSource = DataSourceRows.insert(this.jdbc, "browser-live", "jdbc:h2:mem:browser_live", "sa");
		this.dashboards.ensure(new ProvisionedDashboard("browser-live", "Live", "", List.of(
				new ProvisionedDashboard.Panel("Latest", dataSource, "SELECT max(n) AS \"n\" FROM ticks", "stat", null, null,
						"n", null, 5))));
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		this.browser.get("http://127.0.0.1:" + this.port + "/d/browser-live");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article.panel .stat .value"), "41"));
		JavascriptExecutor script = (JavascriptExecutor) this.browser;
		script.executeScript("window.sameDocument = true;");

		try (Statement sql = source.createStatement()) {
			sql.execute("INSERT INTO ticks VALUES (42)");
		}
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("article.panel .stat .value"), "42"));

		assertThat(script.executeScript("return window.sameDocument === true;")).as("no reload").isEqualTo(true);
		@SuppressWarnings("unchecked")
		List<String> requested = (List<String>) script
			.executeScript("return performance.getEntriesByType('resource').map((entry) => entry.name);");
		assertThat(requested).as("no polling").noneMatch((url) -> url.contains("/result"));
		assertThat(this.sync.clients()).as("the page's event stream").isEqualTo(1);
	}

}
