package io.coinpulse.query.dashboard;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.query.store.WindowMetrics;
import io.coinpulse.query.testing.AnalyticsFixtures;
import io.coinpulse.query.testing.Fixtures;
import io.coinpulse.query.testing.KafkaResource;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chart's features in a real headless Chromium against the service on a real MariaDB holding
 * Fixtures and AnalyticsFixtures: VWAP, SMA and EMA lines over the candles, the range picker, the
 * window-size tabs, the source selector and the #/ASSET deep link, each checked against the rows.
 */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
@WithTestResource(KafkaResource.class)
class DashboardFeaturesBrowserTest extends DashboardPage {

    @BeforeEach
    void loadKnownRows() {
        loadFixtures();
    }

    @Test
    void theJobsMovingAveragesAndEachWindowsVwapAreLinesOverTheCandles() {
        driver.get(base + "#/BTC");
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(d -> line("sma_5").size() == 7 && line("ema_12").size() == 7);
        List<WindowMetrics> windows = Fixtures.windows("binance", "BTC", "1m");
        assertThat(line("vwap")).containsExactlyElementsOf(windows.stream().map(w -> (Object) w.vwap()).toList());
        // AnalyticsFixtures: sma_5 at T0+5m and T0+6m, ema_12 at T0+4m and T0+6m; the other windows have none
        assertThat(line("sma_5")).containsExactly("-", "-", "-", "-", "-", 70869.0, 70917.95);
        assertThat(line("ema_12")).containsExactly("-", "-", "-", "-", 70400.0, "-", 70500.25);
        // sma_20 is null at its only window: a line without a point; change and volatility are no lines
        assertThat(line("sma_20")).containsOnly("-");
        assertThat(script("return echarts.getInstanceByDom(document.getElementById('candles')).getOption()"
                + ".legend[0].data")).isEqualTo(List.of("VWAP", "SMA 5", "SMA 20", "SMA 30", "EMA 12"));
        noConsoleWarnings();
    }

    @Test
    void theRangePickerAndTheSizeTabsChooseTheWindowsShown() {
        driver.get(base + "#/BTC");
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(d -> starts().size() == 7);
        List<Long> all = Fixtures.windows("binance", "BTC", "1m").stream().map(WindowMetrics::windowStart).toList();
        assertThat(starts()).isEqualTo(all);
        assertThat(activeRange()).isEqualTo("1h");

        click("#range-tabs button[data-range='6h']");
        wait.until(d -> "6h".equals(activeRange()));
        assertThat(starts()).isEqualTo(all);

        // custom: from T0+2m to T0+5m (to exclusive), typed in the browser's time zone
        click("#range-tabs button[data-range='custom']");
        wait.until(d -> d.findElement(By.id("custom-range")).isDisplayed());
        script("const local = (ms) => { const d = new Date(ms); const p = (n) => String(n).padStart(2, '0');"
                + " return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours())"
                + " + ':' + p(d.getMinutes()); };"
                + " document.getElementById('range-from').value = local(" + (T0 + 2 * MINUTE) + ");"
                + " document.getElementById('range-to').value = local(" + (T0 + 5 * MINUTE) + ");");
        click("#custom-range button[type=submit]");
        wait.until(d -> starts().size() == 3);
        assertThat(starts()).containsExactly(T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + 4 * MINUTE);

        // a range that ends before it starts is refused in the form
        script("const f = document.getElementById('range-from'); const t = document.getElementById('range-to');"
                + " const x = f.value; f.value = t.value; t.value = x;");
        click("#custom-range button[type=submit]");
        wait.until(d -> "From must be before To".equals(d.findElement(By.id("range-error")).getText()));
        assertThat(starts()).hasSize(3);

        // every configured size is a tab; 5m shows BTC's one 5m window
        click("#range-tabs button[data-range='1h']");
        assertThat(driver.findElements(By.cssSelector("#size-tabs button"))).extracting(WebElement::getText)
                .containsExactly("1m", "5m");
        click("#size-tabs button[data-size='5m']");
        wait.until(d -> starts().equals(List.of(T0)));
        WindowMetrics fiveMinutes = Fixtures.windows("binance", "BTC", "5m").get(0);
        assertThat(script("return window.coinpulse.state.candles.map(w => [w.open, w.close, w.low, w.high])"))
                .isEqualTo(List.of(List.of(fiveMinutes.open(), fiveMinutes.close(), fiveMinutes.low(), fiveMinutes.high())));
        noConsoleWarnings();
    }

    @Test
    void aDeepLinkOpensTheAssetAndTheSourceSelectorSwitchesSources() {
        driver.get(base + "#/SOL");
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        List<Long> sol = Fixtures.windows("binance", "SOL", "1m").stream().map(WindowMetrics::windowStart).toList();
        wait.until(d -> "SOL".equals(d.findElement(By.id("chart-title")).getText()) && starts().equals(sol));
        assertThat(driver.findElement(By.cssSelector("#market-body tr[data-asset='SOL']")).getAttribute("class")).contains("selected");
        assertThat(driver.findElement(By.id("source-select")).isDisplayed()).isFalse();

        // ETH comes from binance and coincap: the selector offers both
        driver.findElement(By.cssSelector("#market-body tr[data-asset='ETH']")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("#/ETH") && d.findElement(By.id("source-select")).isDisplayed());
        Select sources = new Select(driver.findElement(By.id("source-select")));
        assertThat(sources.getOptions()).extracting(WebElement::getText).containsExactly("binance", "coincap");
        assertThat(sources.getFirstSelectedOption().getText()).isEqualTo("binance");
        sources.selectByVisibleText("coincap");
        wait.until(d -> "coincap".equals(d.findElement(By.id("chart-source")).getText()) && starts().size() == 2);
        assertThat(starts()).containsExactly(T0, T0 + MINUTE);
        assertThat(driver.getCurrentUrl()).endsWith("#/ETH/coincap");

        // the link of the page opens it again, and a changed hash follows
        driver.navigate().refresh();
        wait.until(d -> "coincap".equals(d.findElement(By.id("chart-source")).getText()) && starts().size() == 2);
        script("location.hash = '#/BTC'");
        wait.until(d -> "BTC".equals(d.findElement(By.id("chart-title")).getText()) && starts().size() == 7);
        noConsoleWarnings();
    }

    private static void click(String css) {
        driver.findElement(By.cssSelector(css)).click();
    }

    private static String activeRange() {
        return driver.findElement(By.cssSelector("#range-tabs button.active")).getAttribute("data-range");
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    /** Window starts of the candles shown. */
    private static List<Long> starts() {
        Object result = script("return window.coinpulse.state.candles.map(w => w.windowStart)");
        List<Long> out = new ArrayList<>();
        if (result instanceof List<?> list) {
            list.forEach(v -> out.add(((Number) v).longValue()));
        }
        return out;
    }

    /** The data of the chart's line series {@code id}: a number per candle, "-" where it has none. */
    private static List<Object> line(String id) {
        try {
            Object data = script("const s = echarts.getInstanceByDom(document.getElementById('candles')).getOption()"
                    + ".series.find(x => x.id === '" + id + "'); return s ? s.data : []");
            List<Object> out = new ArrayList<>();
            for (Object v : (List<?>) data) {
                out.add(v instanceof Number n ? (Object) n.doubleValue() : v);
            }
            return out;
        } catch (RuntimeException notYet) {
            return List.of();
        }
    }

    private static void noConsoleWarnings() {
        assertThat(browser.console()).as("the browser console")
                .noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue());
    }
}
