package dev.lookout.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless browser for a test: Debian's Chromium driven by its chromedriver. A test
 * that needs one is skipped, with the reason, on a machine without them; {@code .ci/run}
 * installs both.
 */
public final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final WebDriver driver;

	private final WebDriverWait wait;

	private Browser(WebDriver driver, Duration patience) {
		this.driver = driver;
		this.wait = new WebDriverWait(driver, patience);
	}

	/**
	 * Opens a fresh browser (new profile, no cookies).
	 * @param patience how long {@link #waitUntil()} waits for a condition
	 */
	public static Browser open(Duration patience) {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Browser tests need Debian's chromium and chromium-driver (.ci/run installs them)");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// The background-networking flags keep Chromium from calling out of this closed network.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		return new Browser(new ChromeDriver(service, options), patience);
	}

	public WebDriver driver() {
		return this.driver;
	}

	public WebDriverWait waitUntil() {
		return this.wait;
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
