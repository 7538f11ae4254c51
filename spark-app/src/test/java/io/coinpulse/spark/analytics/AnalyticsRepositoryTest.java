package io.coinpulse.spark.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.Database;
import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.testing.TestDatabase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading stored indicators back on a real MariaDB. An EMA stored as undefined (NULL, before
 * enough windows) must come back as undefined, not as 0.0: the next batch seeds its EMA from
 * this value, and a 0.0 made every EMA decay towards zero in a live run (BTC ema_15 ≈ 34,674
 * with closes ≈ 71,000).
 */
class AnalyticsRepositoryTest {

    private static Database database;
    private static DbSettings db;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.startEmbedded(Path.of("target", "it", "analytics-repository-" + System.nanoTime()));
        db = TestDatabase.createSchema(database, "analytics_repository");
        TestDatabase.execute(db, "INSERT INTO window_indicators (source, asset, window_start, change_5m, indicators) VALUES "
                + "('binance', 'BTC', 60000, NULL, '{\"ema_15\": null, \"ema_5\": 70901.16, \"sma_5\": 70800.5}'), "
                + "('binance', 'BTC', 120000, NULL, '{\"ema_15\": 71000.5}')");
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void anUndefinedIndicatorIsReadBackAsUndefinedAndADefinedOneAsItsValue() throws Exception {
        Map<String, Map<Long, Map<String, Double>>> stored = new AnalyticsRepository(db)
                .indicators("binance", List.of("BTC"), List.of("ema_5", "ema_15"), 60_000, 120_000);

        Map<String, Double> first = stored.get("BTC").get(60_000L);
        assertThat(first).containsKey("ema_15");
        assertThat(first.get("ema_15")).isNull();
        assertThat(first.get("ema_5")).isEqualTo(70901.16);
        assertThat(first).doesNotContainKey("sma_5");
        assertThat(stored.get("BTC").get(120_000L)).containsExactly(Map.entry("ema_15", 71000.5));
    }

    @Test
    void oneRowPerWindowHoldsEveryValueOfThatWindowAndItsChange5mAndARecomputationReplacesIt() throws Exception {
        AnalyticsRepository repository = new AnalyticsRepository(db);
        SeriesKey sol = new SeriesKey("kraken", "SOL");
        SeriesKey ada = new SeriesKey("kraken", "ADA");
        repository.upsertIndicators(List.of(
                new IndicatorValue(sol, 900_000, "sma_5", 142.125),
                new IndicatorValue(sol, 900_000, "change_5m", -1.5),
                new IndicatorValue(sol, 900_000, "volatility_15", Double.NaN),
                new IndicatorValue(sol, 960_000, "sma_5", 142.5),
                new IndicatorValue(sol, 960_000, "change_5m", null),
                new IndicatorValue(ada, 900_000, "change_5m", 2.25)));

        assertThat(TestDatabase.query(db, "SELECT asset, window_start, change_5m FROM window_indicators WHERE source = 'kraken'"
                + " ORDER BY asset, window_start")).containsExactly(
                        row("asset", "ADA", "window_start", 900_000L, "change_5m", 2.25),
                        row("asset", "SOL", "window_start", 900_000L, "change_5m", -1.5),
                        row("asset", "SOL", "window_start", 960_000L, "change_5m", null));
        // a value that is not a number is stored as undefined
        assertThat(TestDatabase.query(db, "SELECT indicator, value FROM v_indicators WHERE asset = 'SOL' AND window_start = 900000"
                + " ORDER BY indicator")).containsExactly(row("indicator", "change_5m", "value", -1.5),
                        row("indicator", "sma_5", "value", 142.125), row("indicator", "volatility_15", "value", null));
        assertThat(repository.changes5m(900_000)).containsExactlyInAnyOrder(
                new AnalyticsRepository.Change5m(ada, 2.25), new AnalyticsRepository.Change5m(sol, -1.5));
        assertThat(repository.changes5m(960_000)).isEmpty();

        repository.upsertIndicators(List.of(new IndicatorValue(sol, 960_000, "sma_5", 142.75),
                new IndicatorValue(sol, 960_000, "change_5m", 0.5)));
        assertThat(repository.indicators("kraken", List.of("SOL"), List.of("sma_5", "change_5m"), 960_000, 960_000))
                .isEqualTo(Map.of("SOL", Map.of(960_000L, Map.of("sma_5", 142.75, "change_5m", 0.5))));
        assertThat(repository.changes5m(960_000)).containsExactly(new AnalyticsRepository.Change5m(sol, 0.5));
        // the latest window of each series, every value of it (the BI view)
        assertThat(TestDatabase.query(db, "SELECT asset, indicator, window_start, value FROM v_latest_indicators WHERE source = 'kraken'"
                + " ORDER BY asset, indicator")).containsExactly(
                        Map.of("asset", "ADA", "indicator", "change_5m", "window_start", 900_000L, "value", 2.25),
                        Map.of("asset", "SOL", "indicator", "change_5m", "window_start", 960_000L, "value", 0.5),
                        Map.of("asset", "SOL", "indicator", "sma_5", "window_start", 960_000L, "value", 142.75));
    }

    /** A row as {@link TestDatabase#query} gives it (column → value, in order), nulls allowed. */
    private static Map<String, Object> row(Object... columnsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            row.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return row;
    }

    @Test
    void theClosesOfA5mChangeAreReadForTheAskedSeriesAndOneWithoutBothIsLeftOut() throws Exception {
        // 5m change at window 600,000: closes of 300,000 (5 minutes before) and of 600,000
        TestDatabase.execute(db, "INSERT INTO window_metrics (source, asset, window_size, window_start, window_end, open, high, low,"
                + " close, avg_price, tick_count, trade_count, volume_base, volume_quote, vwap, price_stddev, pct_change) VALUES "
                + window("binance", "ETH", 300_000, 2000.5) + ", " + window("binance", "ETH", 600_000, 2100.25) + ", "
                + window("binance", "ETH", 540_000, 1.0) + ", " + window("binance", "SOL", 600_000, 150.0) + ", "
                + window("kraken", "ETH", 300_000, 1990.0) + ", " + window("kraken", "ETH", 600_000, 2090.0));

        Map<SeriesKey, double[]> closes = new AnalyticsRepository(db).closes5m(List.of(new SeriesKey("binance", "ETH"),
                new SeriesKey("binance", "SOL"), new SeriesKey("kraken", "ETH"), new SeriesKey("binance", "XRP")), 600_000);

        assertThat(closes).containsOnlyKeys(new SeriesKey("binance", "ETH"), new SeriesKey("kraken", "ETH"));
        assertThat(closes.get(new SeriesKey("binance", "ETH"))).containsExactly(2000.5, 2100.25);
        assertThat(closes.get(new SeriesKey("kraken", "ETH"))).containsExactly(1990.0, 2090.0);
    }

    private static String window(String source, String asset, long start, double close) {
        return "('" + source + "', '" + asset + "', '1m', " + start + ", " + (start + 60_000) + ", " + close + ", " + close + ", "
                + close + ", " + close + ", " + close + ", 1, 1, 1.0, " + close + ", " + close + ", 0.0, 0.0)";
    }
}
