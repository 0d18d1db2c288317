package dev.lookout.resilience;

import java.time.Duration;

import dev.lookout.testsupport.Browser;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §11 in a real browser: with the application database frozen, the dashboard's edit form
 * is refused with the reason and comes back with what the user typed, under the read-only banner;
 * once the database thaws, saving that same form again succeeds.
 */
class BrowserKeepsWhatWasTypedWhileTheDatabaseIsFrozenTest extends OutageScenario {

	private static final String TYPED_TITLE = "Outage — typed while frozen";

	private static final String TYPED_DESCRIPTION = "Every word of this must survive the refusal.";

	@Test
	void aRefusedEditComesBackAsTypedAndIsSavedOnceTheDatabaseThaws() {
		try (Browser browser = Browser.open(Duration.ofSeconds(30))) {
			WebDriver page = browser.driver();
			page.get("http://127.0.0.1:" + this.port + "/login");
			browser.signIn("ada");
			page.get("http://127.0.0.1:" + this.port + "/d/" + DASHBOARD + "/edit");
			browser.until(ExpectedConditions.visibilityOfElementLocated(By.name("title")));

			TestPostgres.get().pause();
			try {
				// Once the outage is known (the health probe's next answer), every page says so.
				browser.until((driver) -> {
					driver.navigate().refresh();
					return !driver.findElements(By.cssSelector(".read-only-banner")).isEmpty();
				});
				type(page, "title", TYPED_TITLE);
				type(page, "description", TYPED_DESCRIPTION);
				page.findElement(By.cssSelector("#dashboard-settings button[type=submit]")).click();
				browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main .conflict"),
							"cannot"));
				assertThat(page.findElement(By.name("title")).getDomProperty("value")).isEqualTo(TYPED_TITLE);
				assertThat(page.findElement(By.name("description")).getDomProperty("value"))
					.isEqualTo(TYPED_DESCRIPTION);
				assertThat(page.findElement(By.cssSelector(".read-only-banner")).getText())
					.startsWith("Changes cannot be saved right now; what you see is current as of");
			}
			finally {
				TestPostgres.get().resume();
			}

			// The same form, as it came back, saved again until the database takes it.
			browser.until((driver) -> {
				driver.findElement(By.cssSelector("#dashboard-settings button[type=submit]")).click();
				return driver.findElements(By.cssSelector("main .notice")).stream()
					.anyMatch((notice) -> notice.getText().equals("Saved."));
			});
			assertThat(page.findElement(By.name("title")).getDomProperty("value")).isEqualTo(TYPED_TITLE);
			assertThat(page.findElements(By.cssSelector(".read-only-banner"))).isEmpty();
		}
	}

	private static void type(WebDriver page, String field, String text) {
		WebElement input = page.findElement(By.name(field));
		input.clear();
		input.sendKeys(text);
	}

}
