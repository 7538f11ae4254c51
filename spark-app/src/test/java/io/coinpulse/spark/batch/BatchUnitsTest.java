package io.coinpulse.spark.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.spark.analytics.SeriesKey;
import io.coinpulse.spark.config.TimeRange;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.sink.EarliestWindows;
import io.coinpulse.spark.transform.BatchWindows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the batch modes: chunking a range, the ticks a window needs, comparing windows, the earliest windows. */
class BatchUnitsTest {

    private static final long T0 = 1_772_323_200_000L;
    private static final long M = 60_000;

    @Test
    void aRangeIsCutIntoHoursOfWholeWindowsPerSize() {
        TimeRange range = new TimeRange(T0 + 30_000, T0 + 150 * M);

        List<Backfill.Chunk> chunks = Backfill.chunks(range, List.of(WindowSize.parse("1m"), WindowSize.parse("7m"), WindowSize.parse("2h")));

        assertThat(chunks).extracting(c -> c.size().label() + " " + (c.range().from() - T0) / M + "-" + (c.range().to() - T0) / M)
                .containsExactly("1m 1-61", "1m 61-121", "1m 121-150", "7m 6-62", "7m 62-118", "7m 118-150", "2h 120-150");
        assertThat(range.firstStart(WindowSize.parse("1m"))).isEqualTo(T0 + M);
        // 7m windows are aligned to the epoch, and T0 is one minute past a multiple of 7 minutes
        assertThat(BatchWindows.tickRange(range, WindowSize.parse("7m"))).containsExactly(T0 + 6 * M, T0 + 153 * M);
    }

    @Test
    void windowsAgreeWhenCountsAreEqualAndDoublesWithinOnePartInABillion() {
        Map<String, Object> a = window("BTC", 100.0, 10L);
        Map<String, Object> b = window("BTC", 100.0 * (1 + 5e-10), 10L);
        Map<String, Object> c = window("BTC", 100.0 * (1 + 5e-9), 11L);

        assertThat(Accuracy.compare(List.of(a), List.of(b)).agree()).isTrue();
        Accuracy.Result differ = Accuracy.compare(List.of(a, window("ETH", 1.0, 1L)), List.of(c, window("SOL", 1.0, 1L)));
        assertThat(differ.agree()).isFalse();
        assertThat(differ.differences()).extracting(Difference::toString).containsExactly(
                "binance/BTC/1m/" + T0 + " close: stream 100.0, batch " + c.get("close"),
                "binance/BTC/1m/" + T0 + " tick_count: stream 10, batch 11",
                "binance/ETH/1m/" + T0 + " window: stream present, batch null",
                "binance/SOL/1m/" + T0 + " window: stream null, batch present");
        assertThat(differ.matching()).isZero();
        assertThat(differ.onlyStream()).isEqualTo(1);
        assertThat(differ.onlyBatch()).isEqualTo(1);
        assertThat(differ.metricDifferences()).isEqualTo(2);
    }

    @Test
    void theEarliestWindowOfEachSeriesIsKeptAcrossTasksAndAResetForgetsThem() {
        EarliestWindows task1 = new EarliestWindows();
        task1.add("binance", "BTC", T0 + 2 * M);
        task1.add("binance", "BTC", T0);
        task1.add("coinbase", "BTC", T0 + M);
        EarliestWindows task2 = new EarliestWindows();
        task2.add(new EarliestWindows.Start(new SeriesKey("binance", "BTC"), T0 + M));
        task2.add("binance", "ETH", T0 + 5 * M);
        EarliestWindows driver = new EarliestWindows();
        assertThat(driver.isZero()).isTrue();

        driver.merge(task1);
        driver.merge(task2);
        EarliestWindows copy = driver.copy();
        driver.reset();

        assertThat(copy.value()).containsOnly(
                Map.entry(new SeriesKey("binance", "BTC"), T0),
                Map.entry(new SeriesKey("coinbase", "BTC"), T0 + M),
                Map.entry(new SeriesKey("binance", "ETH"), T0 + 5 * M));
        assertThat(driver.isZero()).isTrue();
        assertThat(driver.value()).isEmpty();
    }

    private static Map<String, Object> window(String asset, double close, long ticks) {
        Map<String, Object> w = new HashMap<>();
        w.put("source", "binance");
        w.put("asset", asset);
        w.put("window_size", "1m");
        w.put("window_start", T0);
        w.put("window_end", T0 + M);
        for (String m : List.of("open", "high", "low", "avg_price", "volume_base", "volume_quote", "price_stddev", "pct_change")) {
            w.put(m, 1.0);
        }
        w.put("close", close);
        w.put("vwap", null);
        w.put("tick_count", ticks);
        w.put("trade_count", 0L);
        return w;
    }
}
