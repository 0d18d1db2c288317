package dev.lookout.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Level;

import dev.lookout.realtime.RealtimeSync;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.test.context.junit.jupiter.SpringExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless browser for a test: Debian's Chromium driven by its chromedriver. A test
 * that needs one is skipped, with the reason, on a machine without them; {@code .ci/run}
 * installs both. It keeps the browser's console, and {@link #close()} fails the test when a
 * console message reports a Content Security Policy violation, so every browser test also
 * proves that its pages work under the policy. Opened by a test ({@link #open}) or, as a JUnit
 * extension, for each test of a class ({@link #forEachTest}).
 */
public final class Browser implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final Duration patience;

	private WebDriver driver;

	private WebDriverWait wait;

	/** Chromium hands each console message out once; kept here so no reader loses one for another. */
	private final List<LogEntry> console = new ArrayList<>();

	private Browser(Duration patience) {
		this.patience = patience;
	}

	/**
	 * Opens a fresh browser (new profile, no cookies).
	 * @param patience how long {@link #until} waits for a condition
	 */
	public static Browser open(Duration patience) {
		Browser browser = new Browser(patience);
		browser.start();
		return browser;
	}

	/**
	 * A fresh browser for each test of a class, registered with {@code @RegisterExtension}: opened
	 * before the test, closed after it (failing it on a policy violation); when the test's
	 * application context streams events, the test ends once it has no client left, so the next
	 * one starts from none.
	 * @param patience how long {@link #until} waits for a condition
	 */
	public static Browser forEachTest(Duration patience) {
		return new Browser(patience);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		start();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.driver == null) {
			return;
		}
		try {
			close();
		}
		finally {
			this.driver = null;
			this.console.clear();
			SpringExtension.getApplicationContext(context)
				.getBeanProvider(RealtimeSync.class)
				.ifAvailable((sync) -> await().atMost(Duration.ofSeconds(10)).until(() -> sync.clients() == 0));
		}
	}

	private void start() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Browser tests need Debian's chromium and chromium-driver (.ci/run installs them)");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// The background-networking flags keep Chromium from calling out of this closed network.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,1000");
		// Chromium reports a Content Security Policy violation only on the console.
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		this.driver = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.driver, this.patience);
	}

	public WebDriver driver() {
		return this.driver;
	}

	/** Waits, up to the patience given, until {@code condition} gives a value other than null or false. */
	public <T> T until(Function<? super WebDriver, T> condition) {
		return this.wait.until(condition);
	}

	/**
	 * Signs in through the sign-in form, which the browser shows or is being sent to, as
	 * {@code user} of the example directory (password {@code <user>-Pa55word}), and waits until
	 * it has left the form.
	 */
	public void signIn(String user) {
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys(user);
		this.driver.findElement(By.name("password")).sendKeys(user + "-Pa55word");
		this.driver.findElement(By.cssSelector("form button[type=submit]")).click();
		this.wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
	}

	/** Every console message so far, oldest first. */
	public List<LogEntry> console() {
		this.console.addAll(this.driver.manage().logs().get(LogType.BROWSER).getAll());
		return List.copyOf(this.console);
	}

	/** The console messages so far that report a Content Security Policy violation. */
	public List<String> contentSecurityPolicyViolations() {
		return console().stream()
			.map(LogEntry::getMessage)
			.filter(Browser::reportsAViolation)
			.toList();
	}

	/** Fails, listing them, when the console reported a Content Security Policy violation. */
	public void assertNoContentSecurityPolicyViolation() {
		failOn(contentSecurityPolicyViolations());
	}

	/** Forgets the console so far: for a test that provoked a violation on purpose. */
	public void forgetConsole() {
		console();
		this.console.clear();
	}

	/**
	 * Chromium 156 says, for example, "Executing inline script violates the following Content
	 * Security Policy directive ..." (older versions: "Refused to execute ..."); report-only
	 * policies say the same with "[Report Only]".
	 */
	static boolean reportsAViolation(String message) {
		String text = message.toLowerCase(Locale.ROOT);
		return text.contains("content security policy") || text.contains("content-security-policy");
	}

	/** Quits the browser; then fails the test if the console reported a Content Security Policy violation. */
	@Override
	public void close() {
		List<String> violations;
		try {
			violations = contentSecurityPolicyViolations();
		}
		finally {
			this.driver.quit();
		}
		failOn(violations);
	}

	private static void failOn(List<String> violations) {
		if (!violations.isEmpty()) {
			throw new AssertionError("The browser reported " + violations.size()
					+ " Content Security Policy violation(s):\n  " + String.join("\n  ", violations));
		}
	}

}
