package dev.lookout.resilience;

import java.time.Duration;
import java.util.List;

import dev.lookout.testsupport.Browser;
import dev.lookout.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §5 in a real browser: with the database stopped the page keeps showing each panel's
 * last good data under a banner that says how old it is and why; when the database is back the
 * banners go away by themselves, without a reload.
 */
class BrowserShowsTheStaleBannerWhileTheDatabaseIsDownTest extends OutageScenario {

	private static final By PANEL = By.cssSelector("article.panel");

	private static final By BANNER = By.cssSelector(".stale");

	@Test
	void bannerAppearsWhenTheDatabaseStopsAndGoesAwayWhenItReturns() {
		try (Browser browser = Browser.open(Duration.ofSeconds(60))) {
			WebDriver page = browser.driver();
			page.get("http://127.0.0.1:" + this.port + "/d/" + DASHBOARD);
			browser.until((driver) -> panels(driver).size() == this.panelIds.size()
					&& panels(driver).stream().allMatch((panel) -> panel.getText().contains("As of")));
			assertThat(panels(page)).allSatisfy((panel) -> assertThat(panel.findElement(BANNER).isDisplayed()).isFalse());
			String before = panels(page).get(0).getText();

			TestPostgres.get().stop();
			try {
				browser.until((driver) -> panels(driver).stream().allMatch((panel) -> panel.findElement(BANNER).isDisplayed()));
				for (WebElement panel : panels(page)) {
					String banner = panel.findElement(BANNER).getText();
					assertThat(banner).startsWith("Stale: this data is ").contains(" old");
					// The reason code is the one the API gives (docs/errors.md).
					assertThat(banner).containsAnyOf("DATASOURCE_UNAVAILABLE", "CIRCUIT_OPEN");
				}
				// The last good value is still on screen under the banner.
				assertThat(panels(page).get(0).getText()).contains(firstLine(before));
			}
			finally {
				TestPostgres.get().start();
			}
			browser.until((driver) -> panels(driver).stream().noneMatch((panel) -> panel.findElement(BANNER).isDisplayed()));
		}
	}

	private static List<WebElement> panels(WebDriver driver) {
		return driver.findElements(PANEL);
	}

	/** The panel's title: what stays the same whatever the banner says. */
	private static String firstLine(String text) {
		return text.lines().findFirst().orElseThrow();
	}

}
