package io.coinpulse.launcher;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium in headless mode, driven through Debian's chromedriver at their fixed paths (or
 * {@code -Dchromium.binary=}, {@code -Dchromedriver.binary=}), so Selenium never downloads a browser.
 */
final class HeadlessChromium implements AutoCloseable {

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** A browser whose page area is {@code width} x {@code height} CSS pixels. */
    static HeadlessChromium start(Path workDir, int width, int height) throws IOException {
        Path browser = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
        for (Path binary : new Path[] {browser, chromedriver}) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: the dashboard tests need Debian's chromium and chromium-driver (.ci/run installs them)");
            }
        }
        Files.createDirectories(workDir);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withLogFile(workDir.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--hide-scrollbars", "--lang=en-US",
                "--user-data-dir=" + Files.createTempDirectory(workDir, "profile-"), "--window-size=" + width + "," + height);
        ChromeDriver driver = new ChromeDriver(service, options);
        // the window's size includes what the browser draws around the page: fix the page's own size
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        return new HeadlessChromium(service, driver);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Writes what the page shows to {@code file} as PNG. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
