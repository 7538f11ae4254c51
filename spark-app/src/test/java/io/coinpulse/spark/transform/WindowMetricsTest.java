package io.coinpulse.spark.transform;

import static io.coinpulse.spark.testing.Ticks.T0;
import static io.coinpulse.spark.testing.Ticks.quote;
import static io.coinpulse.spark.testing.Ticks.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.testing.LocalSpark;
import io.coinpulse.spark.testing.Rows;
import io.coinpulse.spark.testing.Ticks;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** SPEC §4 on small in-memory batches: exact values, worked out by hand. */
class WindowMetricsTest {

    private static final WindowSize ONE_MINUTE = WindowSize.parse("1m");

    /** Windows by {@code source/asset/window_start}. */
    private static Map<String, Map<String, Object>> windows(Dataset<Row> records, WindowSize size) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        Dataset<Row> ticks = TickDeduplicator.deduplicate(TickParser.parse(records), "30 seconds");
        for (Map<String, Object> w : Rows.collect(WindowMetrics.aggregate(ticks, size))) {
            out.put(w.get("source") + "/" + w.get("asset") + "/" + w.get("window_start"), w);
        }
        return out;
    }

    @Test
    void recordsOutOfEventTimeOrderWithinAWindow() {
        Map<String, Map<String, Object>> w = windows(LocalSpark.records(List.of(
                trade("BTC", 102, 1, T0 + 30_000, "t1"),
                trade("BTC", 100, 2, T0 + 10_000, "t2"),
                trade("BTC", 105, 1, T0 + 50_000, "t3"),
                trade("BTC", 101, 4, T0 + 20_000, "t4"))), ONE_MINUTE);

        assertThat(w).containsOnlyKeys("binance/BTC/" + T0);
        Map<String, Object> m = w.get("binance/BTC/" + T0);
        assertThat(m).containsEntry("window_size", "1m")
                .containsEntry("window_start", T0)
                .containsEntry("window_end", T0 + 60_000)
                .containsEntry("open", 100.0)
                .containsEntry("close", 105.0)
                .containsEntry("high", 105.0)
                .containsEntry("low", 100.0)
                .containsEntry("avg_price", 102.0)
                .containsEntry("tick_count", 4L)
                .containsEntry("trade_count", 4L)
                .containsEntry("volume_base", 8.0)
                .containsEntry("volume_quote", 811.0)
                .containsEntry("vwap", 101.375)
                .containsEntry("pct_change", 5.0);
        // prices 102, 100, 105, 101: mean 102, squared deviations 0 + 4 + 9 + 1 = 14, population variance 3.5
        assertThat((Double) m.get("price_stddev")).isCloseTo(Math.sqrt(3.5), within(1e-12));
    }

    @Test
    void anExactDuplicateCountsOnce() {
        String retransmitted = trade("ETH", 3500, 0.5, T0 + 1_000, "binance:ETH:7");
        Map<String, Map<String, Object>> w = windows(LocalSpark.records(List.of(
                retransmitted, trade("ETH", 3510, 1.5, T0 + 2_000, "binance:ETH:8"), retransmitted, retransmitted)),
                ONE_MINUTE);

        assertThat(w.get("binance/ETH/" + T0))
                .containsEntry("tick_count", 2L)
                .containsEntry("trade_count", 2L)
                .containsEntry("volume_base", 2.0)
                .containsEntry("volume_quote", 3500 * 0.5 + 3510 * 1.5)
                .containsEntry("avg_price", 3505.0)
                .containsEntry("open", 3500.0)
                .containsEntry("close", 3510.0);
    }

    @Test
    void theSameIdFromAnotherSourceIsNotADuplicate() {
        Map<String, Map<String, Object>> w = windows(LocalSpark.records(List.of(
                trade("BTC", 1, 1, T0, "42"),
                Ticks.node("coinbase", "trade", "BTC", 2, T0, "42").put("size", 1.0).toString())), ONE_MINUTE);

        assertThat(w).containsOnlyKeys("binance/BTC/" + T0, "coinbase/BTC/" + T0);
        assertThat(w.values()).allSatisfy(m -> assertThat(m).containsEntry("tick_count", 1L));
    }

    @Test
    void eventTimeTiesAreBrokenByTopicOrderNotByRowOrder() {
        // rows deliberately listed against their topic order
        Map<String, Map<String, Object>> w = windows(LocalSpark.recordsAt(List.of(
                RowFactory.create(trade("SOL", 20, 1, T0 + 5_000, "a"), 0, 8L),
                RowFactory.create(trade("SOL", 10, 1, T0 + 5_000, "b"), 0, 3L),
                RowFactory.create(trade("SOL", 30, 1, T0 + 40_000, "c"), 0, 9L),
                RowFactory.create(trade("SOL", 40, 1, T0 + 40_000, "d"), 0, 4L),
                RowFactory.create(trade("SOL", 25, 1, T0 + 20_000, "e"), 0, 1L))), ONE_MINUTE);

        assertThat(w.get("binance/SOL/" + T0))
                .containsEntry("open", 10.0)  // first at T0+5s: offset 3 before offset 8
                .containsEntry("close", 30.0) // last at T0+40s: offset 9 after offset 4
                .containsEntry("pct_change", 200.0)
                .containsEntry("high", 40.0)
                .containsEntry("low", 10.0);
    }

    @Test
    void quotesCountAsTicksButNotAsVolume() {
        Map<String, Map<String, Object>> w = windows(LocalSpark.records(List.of(
                quote("ADA", 10, T0 + 1_000, "q1"),
                quote("ADA", 12, T0 + 2_000, "q2"),
                quote("XRP", 50, T0 + 1_000, "q3"),
                trade("XRP", 40, 2, T0 + 2_000, "t1"),
                trade("XRP", 60, 1, T0 + 3_000, "t2"))), ONE_MINUTE);

        Map<String, Object> quotesOnly = w.get("binance/ADA/" + T0);
        assertThat(quotesOnly)
                .containsEntry("tick_count", 2L)
                .containsEntry("trade_count", 0L)
                .containsEntry("volume_base", 0.0)
                .containsEntry("volume_quote", 0.0)
                .containsEntry("vwap", null)
                .containsEntry("avg_price", 11.0)
                .containsEntry("open", 10.0)
                .containsEntry("close", 12.0)
                .containsEntry("price_stddev", 1.0)
                .containsEntry("pct_change", 20.0);
        Map<String, Object> mixed = w.get("binance/XRP/" + T0);
        assertThat(mixed)
                .containsEntry("tick_count", 3L)
                .containsEntry("trade_count", 2L)
                .containsEntry("volume_base", 3.0)
                .containsEntry("volume_quote", 140.0)
                .containsEntry("avg_price", 50.0)
                .containsEntry("open", 50.0)
                .containsEntry("close", 60.0);
        assertThat((Double) mixed.get("vwap")).isCloseTo(140.0 / 3.0, within(1e-12));
    }

    @Test
    void windowsAreAlignedToTheEpochInUtc() {
        Dataset<Row> records = LocalSpark.records(List.of(
                trade("BTC", 1, 1, 59_999, "a"),
                trade("BTC", 2, 1, 60_000, "b"),
                trade("BTC", 3, 1, T0 - 1, "c"),
                trade("BTC", 4, 1, T0, "d"),
                trade("BTC", 5, 1, T0 + 299_999, "e"),
                trade("BTC", 6, 1, T0 + 300_000, "f")));

        assertThat(windows(records, ONE_MINUTE)).containsOnlyKeys("binance/BTC/0", "binance/BTC/60000",
                "binance/BTC/" + (T0 - 60_000), "binance/BTC/" + T0, "binance/BTC/" + (T0 + 240_000),
                "binance/BTC/" + (T0 + 300_000));

        Map<String, Map<String, Object>> fiveMinutes = windows(records, WindowSize.parse("5m"));
        assertThat(fiveMinutes).containsOnlyKeys("binance/BTC/0", "binance/BTC/" + (T0 - 300_000),
                "binance/BTC/" + T0, "binance/BTC/" + (T0 + 300_000));
        assertThat(fiveMinutes.get("binance/BTC/0")).containsEntry("tick_count", 2L).containsEntry("window_end", 300_000L)
                .containsEntry("window_size", "5m");
        assertThat(fiveMinutes.get("binance/BTC/" + T0)).containsEntry("tick_count", 2L).containsEntry("open", 4.0)
                .containsEntry("close", 5.0);

        Map<String, Map<String, Object>> hour = windows(records, WindowSize.parse("1h"));
        assertThat(hour).containsOnlyKeys("binance/BTC/0", "binance/BTC/" + (T0 - 3_600_000), "binance/BTC/" + T0);
    }
}
