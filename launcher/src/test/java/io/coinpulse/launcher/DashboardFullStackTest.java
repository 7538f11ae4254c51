package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The first minute of a fresh offline stack: every real part with the synthetic source at its defaults
 * (20 assets, 50 events/s, seed 42, the last hour first). Within {@link #FULL_WITHIN} of the stack being up the
 * dashboard, in a real Chromium, shows an hour of candles, every indicator, the movers and the alert of
 * the history's price shock (DOT, seed 42), each equal to what the API serves. Writes the README's
 * screenshot, {@code docs/dashboard.png}. Each part's JVM runs with the heap {@link JvmSettings} gives it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardFullStackTest {

    private static final long MINUTE = 60_000;
    /** How soon after "up" the page must be full: the history's 24,000 ticks are the job's first micro-batch. */
    private static final Duration FULL_WITHIN = Duration.ofSeconds(60);
    private static final List<String> INDICATORS = List.of("change_1m", "change_5m", "ema_15", "ema_5", "sma_15", "sma_5",
            "volatility_15");

    private Stack stack;
    private PipelineProbe probe;
    private HeadlessChromium browser;
    private long upAt;

    @BeforeAll
    void startStack() throws Exception {
        Path work = PipelineProbe.HOME.resolve("launcher/target/dashboard-" + System.currentTimeMillis());
        // the browser first: its own start is no part of the stack's first minute
        browser = HeadlessChromium.start(work.resolve("browser"), 1280, 800);
        long startedAt = System.currentTimeMillis();
        stack = Stack.start(new Stack.Options(PipelineProbe.HOME, work, Map.of("COINPULSE_INGEST_SOURCES", "synthetic",
                "COINPULSE_WINDOWS", "1m,5m"), 0, 0, 0), m -> System.out.println("[dashboard] " + m));
        upAt = System.currentTimeMillis();
        System.out.println("[dashboard] up " + (upAt - startedAt) + " ms after the start");
        probe = new PipelineProbe(stack);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void soonAfterUpTheDashboardShowsAnHourOfCandlesEveryIndicatorMoversAndTheShocksAlert() throws Exception {
        WebDriver driver = browser.driver();
        driver.get(stack.queryUrl() + "/#/DOT");
        long left = Math.max(1, upAt + FULL_WITHIN.toMillis() - System.currentTimeMillis());
        new WebDriverWait(driver, Duration.ofMillis(left), Duration.ofMillis(500)).withMessage(() -> shown(driver))
                .until(d -> full(d));
        long shownAt = System.currentTimeMillis();
        System.out.println("[dashboard] full " + (shownAt - upAt) + " ms after the stack was up");

        // the alert of the shock: DOT's 1m window ten minutes before the history's end (the ingest's start)
        List<String> alertIds = attributes(driver, "#alerts li", "data-alert-id");
        String shock = alertIds.stream().filter(id -> id.startsWith("synthetic:DOT:price_move:")).findFirst().orElseThrow();
        long shockWindow = Long.parseLong(shock.substring(shock.lastIndexOf(':') + 1));
        assertThat(shockWindow % MINUTE).isZero();
        assertThat(shockWindow).isBetween(upAt - 13 * MINUTE, upAt - 10 * MINUTE);
        JsonNode alerts = probe.getJson("/api/v1/alerts?limit=50");
        List<String> served = new ArrayList<>();
        alerts.path("alerts").forEach(a -> served.add(a.path("alertId").asText()));
        assertThat(alertIds).isSubsetOf(served).contains(shock);

        // DOT's candles: the API's 1m windows of the last hour, equal in every price
        assertThat(driver.findElement(By.id("chart-title")).getText()).isEqualTo("DOT");
        List<List<Double>> candles = DashboardScript.candles(driver);
        assertThat(candles).hasSizeBetween(60, 62);
        long firstShown = DashboardScript.firstCandleStart(driver);
        JsonNode windows = probe.getJson("/api/v1/assets/DOT/windows?size=1m&source=synthetic&from=" + firstShown
                + "&limit=" + candles.size());
        List<List<Double>> expected = new ArrayList<>();
        windows.path("windows").forEach(w -> expected.add(List.of(w.path("open").asDouble(), w.path("close").asDouble(),
                w.path("low").asDouble(), w.path("high").asDouble())));
        assertThat(candles).isEqualTo(expected.subList(0, candles.size()));
        // the shock is in the chart: DOT's close falls more than 6 % in its window
        JsonNode shocked = probe.getJson("/api/v1/assets/DOT/windows?size=1m&source=synthetic&from=" + (shockWindow - MINUTE)
                + "&to=" + (shockWindow + MINUTE));
        double before = shocked.path("windows").get(0).path("close").asDouble();
        double after = shocked.path("windows").get(1).path("close").asDouble();
        assertThat(after / before).isLessThan(0.94);

        // every indicator the job computes, with the value the API serves
        assertThat(chips(driver).keySet()).containsExactlyElementsOf(INDICATORS);
        assertChipsAsServed(driver);

        // the movers: five gainers and five losers, as ranked by the job
        JsonNode movers = probe.getJson("/api/v1/movers?period=5m&limit=5");
        List<String> gainers = new ArrayList<>();
        movers.path("gainers").forEach(m -> gainers.add(m.path("asset").asText()));
        List<String> shownGainers = attributes(driver, "#gainers li[data-asset]", "data-asset");
        assertThat(shownGainers).hasSize(5);
        assertThat(attributes(driver, "#losers li[data-asset]", "data-asset")).hasSize(5);
        assertThat(driver.findElements(By.cssSelector("#market-body tr"))).hasSize(20);

        // the pipeline strip: the synthetic source running, as ingest reports it, and the job's input rate
        assertThat(attributes(driver, "#pipe-sources [data-source]", "data-source")).containsExactly("synthetic");
        assertThat(attributes(driver, "#pipe-sources [data-source]", "data-state")).containsExactly("running");
        // the job has ended a micro-batch: rate, freshness and lag are numbers (the rate of a slow machine's last minute may be 0)
        for (String metric : List.of("pipe-rate", "pipe-freshness", "pipe-lag")) {
            assertThat(Double.parseDouble(attributes(driver, "#" + metric, "data-value").get(0))).as(metric)
                    .isGreaterThanOrEqualTo(0);
        }
        JsonNode pipeline = probe.getJson("/api/v1/pipeline");
        assertThat(pipeline.path("ingest").asText()).isEqualTo("up");
        assertThat(pipeline.path("sizes").toString()).isEqualTo("[\"1m\",\"5m\"]");
        assertThat(pipeline.at("/sources/0/published").asLong()).isGreaterThanOrEqualTo(24_000);

        browser.screenshot(PipelineProbe.HOME.resolve("docs/dashboard.png"));
    }

    @Test
    void everyPartRunsWithTheLaunchersJvmSettings() throws IOException {
        assertThat(commandLine(stack.broker().processHandle().orElseThrow().pid()))
                .containsSubsequence(JvmSettings.kafkaBrokerJvmOptions());
        assertThat(commandLine(stack.query().pid())).containsSubsequence(JvmSettings.serviceJvmOptions("query-service"));
        assertThat(commandLine(stack.ingest().pid())).containsSubsequence(JvmSettings.serviceJvmOptions("ingest-service"));
        assertThat(commandLine(stack.spark().pid())).containsSubsequence(JvmSettings.sparkJvmOptions());
    }

    /** A process's command line as Linux keeps it (ProcessHandle.Info leaves long ones out). */
    private static List<String> commandLine(long pid) throws IOException {
        return List.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0"));
    }

    /** The indicator chips, read in one script call: the page re-renders them on each refresh. */
    @SuppressWarnings("unchecked")
    private static Map<String, Double> chips(WebDriver driver) {
        List<List<String>> pairs = (List<List<String>>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll('#indicators .chip[data-value]'))"
                        + ".map(c => [c.getAttribute('data-indicator'), c.getAttribute('data-value')])");
        Map<String, Double> chips = new TreeMap<>();
        pairs.forEach(p -> chips.put(p.get(0), Double.valueOf(p.get(1))));
        return chips;
    }

    /**
     * The job recomputes the indicators of the open window at every micro-batch and the page shows those of
     * its last load, so the API is read just before and just after a reload of the page: the page must show
     * one of the two. A change in between both reads is retried; the page is full again afterwards.
     */
    private void assertChipsAsServed(WebDriver driver) {
        for (int attempt = 1; ; attempt++) {
            Map<String, Double> before = servedIndicators();
            driver.navigate().refresh();
            new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100))
                    .until(d -> chips(d).size() == INDICATORS.size());
            Map<String, Double> shown = chips(driver);
            Map<String, Double> after = servedIndicators();
            if (shown.equals(before) || shown.equals(after) || attempt == 5) {
                assertThat(shown).isIn(before, after);
                break;
            }
        }
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(500)).withMessage(() -> shown(driver))
                .until(d -> full(d));
    }

    private Map<String, Double> servedIndicators() {
        try {
            Map<String, Double> served = new TreeMap<>();
            probe.getJson("/api/v1/assets/DOT?source=synthetic").path("indicators")
                    .forEach(i -> served.put(i.path("name").asText(), i.path("value").asDouble()));
            return served;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the page shows of what {@link #full} waits for. */
    private static String shown(WebDriver d) {
        return "the page shows " + DashboardScript.candles(d).size() + " candles, "
                + d.findElements(By.cssSelector("#indicators .chip[data-value]")).size() + " indicators, "
                + d.findElements(By.cssSelector("#gainers li[data-asset]")).size() + " gainers, "
                + d.findElements(By.cssSelector("#losers li[data-asset]")).size() + " losers, alerts "
                + attributes(d, "#alerts li", "data-alert-id") + ", sources "
                + attributes(d, "#pipe-sources [data-source]", "data-state");
    }

    /** Whether the page shows candles, every indicator, both movers lists and an alert. */
    private static boolean full(WebDriver d) {
        List<WebElement> chips = d.findElements(By.cssSelector("#indicators .chip[data-value]"));
        return DashboardScript.candles(d).size() >= 60
                && chips.size() == INDICATORS.size()
                && d.findElements(By.cssSelector("#gainers li[data-asset]")).size() == 5
                && d.findElements(By.cssSelector("#losers li[data-asset]")).size() == 5
                && d.findElements(By.cssSelector("#alerts li[data-alert-id^='synthetic:DOT:price_move:']")).size() == 1
                && !d.findElements(By.cssSelector("#pipe-sources [data-source='synthetic'][data-state='running']")).isEmpty();
    }

    /** An attribute of every element {@code css} selects, read in one script call (the page re-renders its lists). */
    @SuppressWarnings("unchecked")
    private static List<String> attributes(WebDriver driver, String css, String attribute) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute(arguments[1]))", css, attribute);
    }
}
