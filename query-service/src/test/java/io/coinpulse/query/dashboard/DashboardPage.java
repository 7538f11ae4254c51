package io.coinpulse.query.dashboard;

import io.coinpulse.query.testing.Browser;
import io.coinpulse.query.testing.KnownRows;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.WebDriver;

/**
 * What every dashboard browser test shares: one headless Chromium per class, the page's base URL, the
 * known rows of Fixtures and AnalyticsFixtures, and a screenshot after each test, passed or not
 * (target/dashboard-&lt;test&gt;.png).
 */
abstract class DashboardPage {

    static final Duration WAIT = Duration.ofSeconds(30);

    static Browser browser;
    static WebDriver driver;

    @TestHTTPResource("/")
    URL base;

    @Inject
    KnownRows rows;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start();
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Loads the known rows and forgets what the service cached of earlier ones. */
    void loadFixtures() {
        rows.loadWithAnalytics();
    }

    @AfterEach
    void screenshot(TestInfo test) throws IOException {
        browser.screenshot("dashboard-" + test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("page"));
    }
}
