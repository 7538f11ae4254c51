package io.coinpulse.query.dashboard;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static io.coinpulse.query.testing.KafkaResource.ALERTS;
import static io.coinpulse.query.testing.KafkaResource.METRICS;
import static io.coinpulse.query.testing.Management.management;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coinpulse.query.store.WindowMetrics;
import io.coinpulse.query.testing.Fixtures;
import io.coinpulse.query.testing.KafkaResource;
import io.coinpulse.query.testing.LiveRecords;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The built-in dashboard in a real headless Chromium (the system's browser and chromedriver, driven
 * by Selenium; nothing is downloaded), against the service on a real MariaDB and a real Kafka
 * broker: the page shows the market table and the candles from the API without a console error, and
 * follows the window updates and alerts published to Kafka. Saves target/dashboard-&lt;test&gt;.png.
 */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
@WithTestResource(KafkaResource.class)
class DashboardBrowserTest extends DashboardPage {

    @BeforeEach
    void loadKnownRows() throws Exception {
        loadFixtures();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (management().get("/q/health/group/live").statusCode() != 200) {
            assertThat(System.nanoTime()).as("the live stream reads every partition").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void showsTheMarketAndCandlesFromTheApiAndFollowsTheLiveStream() throws Exception {
        driver.get(base.toString());
        WebDriverWait wait = new WebDriverWait(driver, WAIT);

        // the market table: every asset, BTC with the numbers of ticks-sample.expected-1m.csv
        wait.until(d -> d.findElements(By.cssSelector("#market-body tr")).size() == 12);
        assertThat(driver.findElements(By.cssSelector("#market-body tr"))).extracting(r -> r.getAttribute("data-asset"))
                .containsExactly("ADA", "AVAX", "BTC", "DOGE", "DOT", "ETH", "LINK", "LTC", "PEPE", "SOL", "XLM", "XRP");
        WebElement btc = row("BTC");
        assertThat(btc.getAttribute("data-price")).isEqualTo("70886.15087");
        assertThat(btc.getAttribute("data-source")).isEqualTo("binance");
        assertThat(cells(btc)).containsExactly("70,886.15", "+0.13%", "+0.20%", "—", "2.39M");
        assertThat(btc.findElement(By.cssSelector("td.chg1m")).getAttribute("class")).contains("up");
        assertThat(cells(row("LTC"))).containsExactly("125.00", "—", "—", "+25.00%", "430");
        assertThat(row("PEPE").getAttribute("data-source")).isEqualTo("coincap");
        assertThat(cells(row("PEPE"))).containsExactly("0.0000122", "—", "—", "—", "—");

        // BTC is selected: its candles are the dataset's 1m windows, oldest first
        wait.until(d -> candles().size() == 7);
        List<WindowMetrics> windows = Fixtures.windows("binance", "BTC", "1m");
        assertThat(candles()).containsExactlyElementsOf(windows.stream()
                .map(w -> List.of(w.open(), w.close(), w.low(), w.high())).toList());
        assertThat(volumes()).containsExactlyElementsOf(windows.stream().map(WindowMetrics::volumeQuote).toList());
        assertThat(text("chart-title")).isEqualTo("BTC");
        assertThat(text("chart-price")).isEqualTo("70,886.15");
        assertThat(row("BTC").getAttribute("class")).contains("selected");
        wait.until(d -> !d.findElements(By.cssSelector("#indicators .chip")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("#indicators .chip")))
                .extracting(c -> c.getAttribute("data-indicator"), c -> c.findElement(By.tagName("span")).getText(),
                        c -> c.findElement(By.tagName("b")).getText())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("change_1m", "Δ 1m", "+0.14%"),
                        org.assertj.core.groups.Tuple.tuple("change_5m", "Δ 5m", "-0.51%"),
                        org.assertj.core.groups.Tuple.tuple("ema_12", "EMA 12", "70,500.25"),
                        org.assertj.core.groups.Tuple.tuple("sma_20", "SMA 20", "—"),
                        org.assertj.core.groups.Tuple.tuple("sma_5", "SMA 5", "70,917.95"),
                        org.assertj.core.groups.Tuple.tuple("volatility_30", "σ 30", "0.410%"));
        assertThat(driver.findElements(By.cssSelector("#size-tabs button"))).extracting(WebElement::getText)
                .containsExactly("1m", "5m");

        // movers and alerts
        wait.until(d -> d.findElements(By.cssSelector("#gainers li[data-asset]")).size() == 3);
        assertThat(driver.findElements(By.cssSelector("#gainers li"))).extracting(e -> e.getAttribute("data-asset"))
                .containsExactly("SOL", "BTC", "LINK");
        assertThat(driver.findElements(By.cssSelector("#losers li"))).extracting(e -> e.getAttribute("data-asset"))
                .containsExactly("XRP", "AVAX", "ADA");
        WebElement top = driver.findElement(By.cssSelector("#gainers li"));
        assertThat(List.of(top.findElement(By.cssSelector(".n")).getText(), top.findElement(By.cssSelector(".a")).getText(),
                top.findElement(By.cssSelector(".p")).getText(), top.findElement(By.cssSelector(".c")).getText()))
                .containsExactly("1", "SOL", "143.50", "+2.50%");
        wait.until(d -> d.findElements(By.cssSelector("#alerts li")).size() == 5);
        assertThat(driver.findElements(By.cssSelector("#alerts li"))).extracting(e -> e.getAttribute("data-alert-id"))
                .containsExactly("binance:ADA:price_move:1772323440000", "binance:SOL:price_move:1772323440000",
                        "binance:BTC:volume_spike:1772323380000", "binance:ETH:volume_spike:1772323320000",
                        "binance:BTC:price_move:1772323260000");

        wait.until(d -> "live".equals(d.findElement(By.id("stream-status")).getAttribute("data-state")));

        // a new 1m window of BTC, written and published as spark-app does: the row and the chart follow
        long next = T0 + 7 * MINUTE;
        ObjectNode opened = LiveRecords.window("BTC", next, 70886.15087, 71234.5, false);
        upsert(opened);
        KafkaResource.publish(METRICS, "BTC", opened.toString());
        wait.until(d -> "71234.5".equals(row("BTC").getAttribute("data-price")));
        assertThat(cells(row("BTC")).subList(0, 3)).containsExactly("71,234.50", "+0.49%", "—");
        wait.until(d -> candles().size() == 8);
        assertThat(candles().get(7)).containsExactly(70886.15087, 71234.5, opened.get("low").doubleValue(),
                opened.get("high").doubleValue());
        assertThat(text("chart-price")).isEqualTo("71,234.50");

        // the same window updated again: the last candle changes, no new one
        ObjectNode updated = LiveRecords.window("BTC", next, 70886.15087, 71200.0, false);
        upsert(updated);
        KafkaResource.publish(METRICS, "BTC", updated.toString());
        wait.until(d -> "71200".equals(row("BTC").getAttribute("data-price")));
        wait.until(d -> candles().get(candles().size() - 1).get(1) == 71200.0);
        assertThat(candles()).hasSize(8);

        // an alert on the stream goes on top of the list
        ObjectNode alert = LiveRecords.alert("BTC", next, "price_move", 4.8, next + MINUTE + 250);
        KafkaResource.publish(ALERTS, "BTC", alert.toString());
        wait.until(d -> d.findElements(By.cssSelector("#alerts li")).size() == 6);
        WebElement first = driver.findElement(By.cssSelector("#alerts li"));
        assertThat(first.getAttribute("data-alert-id")).isEqualTo("binance:BTC:price_move:" + next);
        assertThat(first.getText()).contains("BTC moved +1.26% in 1m (4.8 sigma)").contains("4.8σ");

        assertThat(browser.console()).as("the browser console")
                .noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue());
    }

    @Test
    void clickingAnAssetShowsItsCandles() {
        driver.get(base.toString());
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(d -> candles().size() == 7);
        row("ETH").click();
        wait.until(d -> "ETH".equals(text("chart-title")) && candles().size() == 7);
        List<WindowMetrics> eth = Fixtures.windows("binance", "ETH", "1m");
        assertThat(candles()).containsExactlyElementsOf(eth.stream()
                .map(w -> List.of(w.open(), w.close(), w.low(), w.high())).toList());
        assertThat(text("chart-source")).isEqualTo("binance");
        driver.findElement(By.cssSelector("#search")).sendKeys("do");
        wait.until(d -> d.findElements(By.cssSelector("#market-body tr")).size() == 2);
        assertThat(driver.findElements(By.cssSelector("#market-body tr"))).extracting(r -> r.getAttribute("data-asset"))
                .containsExactly("DOGE", "DOT");
        assertThat(browser.console()).as("the browser console")
                .noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue());
    }

    private static WebElement row(String asset) {
        return driver.findElement(By.cssSelector("#market-body tr[data-asset='" + asset + "']"));
    }

    /** Price, 1m, 5m, 24h, volume: the cells after the asset's name. */
    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().skip(1).map(WebElement::getText).toList();
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** The candles as ECharts holds them: [open, close, low, high] per window. */
    private static List<List<Double>> candles() {
        return numbers("return echarts.getInstanceByDom(document.getElementById('candles'))"
                + ".getOption().series[0].data");
    }

    private static List<Double> volumes() {
        List<Double> volumes = new ArrayList<>();
        for (List<Double> v : numbers("return echarts.getInstanceByDom(document.getElementById('candles'))"
                + ".getOption().series[1].data.map(d => [d.value])")) {
            volumes.add(v.get(0));
        }
        return volumes;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Double>> numbers(String script) {
        Object result;
        try {
            result = ((JavascriptExecutor) driver).executeScript(script);
        } catch (RuntimeException notYet) {
            return List.of();
        }
        List<List<Double>> rows = new ArrayList<>();
        if (result instanceof List<?> list) {
            for (Object row : list) {
                List<Double> values = new ArrayList<>();
                for (Object v : (List<Object>) row) {
                    values.add(((Number) v).doubleValue());
                }
                rows.add(values);
            }
        }
        return rows;
    }

    /** Writes the window as spark-app does, before publishing it. */
    private void upsert(ObjectNode w) throws Exception {
        try (Connection c = rows.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO window_metrics (source, asset, window_size, window_start, window_end, open, high, low,"
                        + " close, avg_price, tick_count, trade_count, volume_base, volume_quote, vwap, price_stddev,"
                        + " pct_change, is_final) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE close = VALUES(close), high = VALUES(high), low = VALUES(low)")) {
            int i = 1;
            s.setString(i++, w.get("source").asText());
            s.setString(i++, w.get("asset").asText());
            s.setString(i++, w.get("size").asText());
            s.setLong(i++, w.get("windowStart").asLong());
            s.setLong(i++, w.get("windowEnd").asLong());
            for (String f : List.of("open", "high", "low", "close", "avgPrice")) {
                s.setDouble(i++, w.get(f).doubleValue());
            }
            s.setLong(i++, w.get("tickCount").asLong());
            s.setLong(i++, w.get("tradeCount").asLong());
            for (String f : List.of("volumeBase", "volumeQuote", "vwap", "priceStddev", "pctChange")) {
                s.setDouble(i++, w.get(f).doubleValue());
            }
            s.setBoolean(i, w.get("final").asBoolean());
            s.executeUpdate();
        }
    }
}
