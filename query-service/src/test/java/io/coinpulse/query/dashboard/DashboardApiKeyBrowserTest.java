package io.coinpulse.query.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.query.testing.ApiKeysProfile;
import io.coinpulse.query.testing.Browser;
import io.coinpulse.query.testing.KnownRows;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard against a service that requires API keys: it asks for one, keeps it in
 * localStorage and sends it as X-API-Key to the REST API and to the live stream (read with fetch,
 * since EventSource cannot send headers).
 */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
@WithTestResource(MariaDbResource.class)
class DashboardApiKeyBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    KnownRows rows;

    @Test
    void theDashboardAsksForAKeyAndThenUsesItForTheApiAndTheStream() throws Exception {
        rows.load();
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(base.toString());

            wait.until(d -> d.findElement(By.id("key-panel")).isDisplayed());
            wait.until(d -> "offline".equals(d.findElement(By.id("stream-status")).getAttribute("data-state")));
            assertThat(driver.findElements(By.cssSelector("#market-body tr"))).isEmpty();

            driver.findElement(By.id("key-input")).sendKeys(ApiKeysProfile.KEY_B);
            driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();
            wait.until(d -> d.findElements(By.cssSelector("#market-body tr")).size() == 12);
            assertThat(driver.findElement(By.id("key-panel")).isDisplayed()).isFalse();
            wait.until(d -> "live".equals(d.findElement(By.id("stream-status")).getAttribute("data-state")));
            assertThat(((JavascriptExecutor) driver).executeScript("return localStorage.getItem('coinpulse.apiKey')"))
                    .isEqualTo(ApiKeysProfile.KEY_B);
            browser.screenshot("dashboard-api-key");

            // the key is remembered: a new visit goes straight to the data
            driver.navigate().refresh();
            wait.until(d -> d.findElements(By.cssSelector("#market-body tr")).size() == 12);
            wait.until(d -> "live".equals(d.findElement(By.id("stream-status")).getAttribute("data-state")));
            assertThat(driver.findElement(By.id("key-panel")).isDisplayed()).isFalse();

            // the only complaints in the console are the first visit's 401s
            assertThat(browser.console()).as("the browser console")
                    .filteredOn(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMessage()).contains("401"));
        }
    }
}
