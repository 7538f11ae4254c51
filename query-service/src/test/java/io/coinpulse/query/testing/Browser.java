package io.coinpulse.query.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The system's headless Chromium driven through the system's chromedriver (Debian's chromium and
 * chromium-driver; {@code -Dchromium.binary=}, {@code -Dchromedriver.binary=} elsewhere). Both paths
 * are given to Selenium, so Selenium Manager never looks for, let alone downloads, a browser or a
 * driver. Missing binaries fail the test with a message: CI installs them.
 */
public final class Browser implements AutoCloseable {

    private final ChromeDriverService service;
    private final WebDriver driver;

    private Browser(ChromeDriverService service, WebDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    public static Browser start() throws IOException {
        Path chromium = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium)) {
            fail("Chromium is not installed at " + chromium + ": the dashboard's browser test needs Debian's"
                    + " chromium and chromium-driver packages (.ci/run installs them), or -Dchromium.binary=<path>");
        }
        if (!Files.isExecutable(chromedriver)) {
            fail("ChromeDriver is not installed at " + chromedriver + ": install Debian's chromium-driver package"
                    + " (.ci/run does), or -Dchromedriver.binary=<path>");
        }
        Path target = Path.of("target").toAbsolutePath();
        Path profile = Files.createTempDirectory(target, "chromium-profile-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(target.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1600,1200", "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
        return new Browser(service, new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    /** The browser console's entries since the last call. */
    public List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Saves what the browser shows as {@code target/<name>.png}. */
    public void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
