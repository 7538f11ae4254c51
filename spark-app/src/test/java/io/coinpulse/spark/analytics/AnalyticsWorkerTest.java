package io.coinpulse.spark.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coinpulse.devstack.Database;
import io.coinpulse.spark.config.AnalyticsSettings;
import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The derived analytics outside the micro-batch on a real MariaDB: durable marks that coalesce and are
 * never removed when marked again meanwhile, a worker whose rounds give exactly the rows of one
 * synchronous recomputation, marks left by a stopped job handled at the next start, and a failing
 * worker that stops the stream without losing its marks.
 */
class AnalyticsWorkerTest {

    private static final long M = 60_000;
    private static final long T0 = 1_772_323_200_000L;
    private static final AnalyticsSettings SETTINGS = new AnalyticsSettings(List.of(3), List.of(3), List.of(3), 2, 2.0, 5, 3);
    private static final String INDICATORS = "SELECT source, asset, window_start, indicator, value FROM v_indicators"
            + " ORDER BY source, asset, window_start, indicator";
    private static final String MOVERS = "SELECT period, as_of, direction, rank_no, source, asset, pct_change, open_price, close_price"
            + " FROM movers ORDER BY as_of, direction, rank_no";

    private static Database database;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.startEmbedded(Path.of("target", "it", "analytics-worker-" + System.nanoTime()));
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aMarkIsReleasedOnlyAtTheVersionClaimedAndKeepsTheEarliestWindow() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "pending_marks");
        PendingSeries pending = new PendingSeries(db);
        SeriesKey btc = new SeriesKey("binance", "BTC");
        SeriesKey eth = new SeriesKey("coinbase", "ETH");

        pending.mark(Map.of(btc, T0 + 5 * M, eth, T0 + 2 * M), 1000);
        List<PendingSeries.Entry> first = pending.claim(10);
        assertThat(first).containsExactly(new PendingSeries.Entry(btc, T0 + 5 * M, 1), new PendingSeries.Entry(eth, T0 + 2 * M, 1));

        // BTC is marked again while its analytics are computed: from a later window (kept earlier) …
        pending.mark(Map.of(btc, T0 + 7 * M), 2000);
        pending.release(first);
        assertThat(pending.claim(10)).containsExactly(new PendingSeries.Entry(btc, T0 + 5 * M, 2));
        // … and from an earlier one (taken)
        pending.mark(Map.of(btc, T0 + M), 3000);
        assertThat(pending.claim(10)).containsExactly(new PendingSeries.Entry(btc, T0 + M, 3));
        assertThat(pending.lag()).isEqualTo(new PendingSeries.Lag(1, 1000L));
        assertThat(pending.claim(0)).isEmpty();

        pending.release(pending.claim(10));
        assertThat(pending.claim(10)).isEmpty();
        assertThat(pending.lag()).isEqualTo(new PendingSeries.Lag(0, null));
    }

    @Test
    void roundsOfCoalescedMarksGiveTheRowsOfOneSynchronousRecomputation() throws Exception {
        DbSettings asynchronous = TestDatabase.createSchema(database, "worker_async");
        DbSettings synchronous = TestDatabase.createSchema(database, "worker_sync");
        List<Alert> published = new CopyOnWriteArrayList<>();
        AnalyticsWorker worker = new AnalyticsWorker(new DerivedAnalytics(asynchronous, SETTINGS), new PendingSeries(asynchronous),
                published::addAll, Duration.ofSeconds(30)).start();
        try {
            // twelve micro-batches, each writing the next minute of three assets and marking them
            for (int minute = 0; minute < 12; minute++) {
                for (DbSettings db : List.of(asynchronous, synchronous)) {
                    insertMinute(db, minute);
                }
                worker.mark(Map.of(new SeriesKey("binance", "AAA"), T0 + minute * M, new SeriesKey("binance", "BBB"), T0 + minute * M,
                        new SeriesKey("binance", "CCC"), T0 + minute * M));
            }
            assertThat(worker.drain(Duration.ofSeconds(60))).isTrue();
        } finally {
            worker.close();
        }
        DerivedAnalytics.Outcome outcome = new DerivedAnalytics(synchronous, SETTINGS).update(
                Map.of(new SeriesKey("binance", "AAA"), T0, new SeriesKey("binance", "BBB"), T0, new SeriesKey("binance", "CCC"), T0),
                0, null);

        List<Map<String, Object>> rows = TestDatabase.query(asynchronous, INDICATORS);
        // 3 assets × 12 windows × (sma_3, ema_3, change_1m, change_5m, volatility_3)
        assertThat(rows).hasSize(3 * 12 * 5).hasSize(outcome.indicatorValues());
        assertThat(rows).isEqualTo(TestDatabase.query(synchronous, INDICATORS));
        // AAA closes 100, 101, … : sma_3 at minute 11 = (109 + 110 + 111) / 3
        assertThat(rows).contains(Map.of("source", "binance", "asset", "AAA", "window_start", T0 + 11 * M, "indicator", "sma_3",
                "value", 110.0));
        assertThat(TestDatabase.query(asynchronous, MOVERS)).isNotEmpty().isEqualTo(TestDatabase.query(synchronous, MOVERS));
        // CCC jumps at minute 10; each alert published once, however many rounds recomputed its window
        List<Object> alertIds = TestDatabase.query(asynchronous, "SELECT alert_id FROM alerts ORDER BY alert_id").stream()
                .map(r -> r.get("alert_id")).toList();
        assertThat(alertIds).contains("binance:CCC:price_move:" + (T0 + 10 * M))
                .isEqualTo(TestDatabase.query(synchronous, "SELECT alert_id FROM alerts ORDER BY alert_id").stream()
                        .map(r -> r.get("alert_id")).toList());
        assertThat(published).extracting(a -> (Object) a.alertId()).containsExactlyInAnyOrderElementsOf(alertIds);
        assertThat(new PendingSeries(asynchronous).claim(10)).isEmpty();
    }

    @Test
    void marksLeftByAStoppedJobAreHandledFirstAtTheNextStart() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "worker_restart");
        for (int minute = 0; minute < 6; minute++) {
            insertMinute(db, minute);
        }
        // the job stopped after its batches marked the series and before the analytics ran
        new PendingSeries(db).mark(Map.of(new SeriesKey("binance", "AAA"), T0, new SeriesKey("binance", "BBB"), T0 + 3 * M), 1);

        AnalyticsWorker worker = new AnalyticsWorker(new DerivedAnalytics(db, SETTINGS), new PendingSeries(db), null,
                Duration.ofSeconds(30)).start();
        try {
            assertThat(worker.drain(Duration.ofSeconds(60))).isTrue();
        } finally {
            worker.close();
        }
        assertThat(TestDatabase.query(db, "SELECT asset, COUNT(*) AS n FROM v_indicators GROUP BY asset ORDER BY asset"))
                .containsExactly(Map.of("asset", "AAA", "n", 6L * 5), Map.of("asset", "BBB", "n", 3L * 5));
        assertThat(new PendingSeries(db).lag().series()).isZero();
    }

    @Test
    void aWorkerThatFailsStopsTheStreamAtItsNextMarkAndKeepsItsMarks() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "worker_failure");
        insertMinute(db, 0);
        TestDatabase.execute(db, "DROP TABLE movers");
        AnalyticsWorker worker = new AnalyticsWorker(new DerivedAnalytics(db, SETTINGS), new PendingSeries(db), null,
                Duration.ofSeconds(30)).start();
        try {
            worker.mark(Map.of(new SeriesKey("binance", "AAA"), T0));
            assertThat(worker.drain(Duration.ofSeconds(60))).isFalse();
            assertThat(worker.failure()).hasMessageContaining("movers");
            assertThatThrownBy(() -> worker.mark(Map.of(new SeriesKey("binance", "BBB"), T0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the derived analytics failed")
                    .hasMessageContaining("movers");
        } finally {
            worker.close();
        }
        assertThat(new PendingSeries(db).claim(10)).extracting(PendingSeries.Entry::key)
                .containsExactly(new SeriesKey("binance", "AAA"));
    }

    /** Minute {@code m} of three assets: AAA rises by 1 a minute, BBB falls by 1, CCC is flat at 50 and jumps to 80 at minute 10. */
    private static void insertMinute(DbSettings db, int m) throws Exception {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, Double> e : Map.of("AAA", 100.0 + m, "BBB", 200.0 - m, "CCC", m == 10 ? 80.0 : 50.0 + (m % 2) * 0.1)
                .entrySet()) {
            long start = T0 + m * M;
            double c = e.getValue();
            values.add("('binance', '" + e.getKey() + "', '1m', " + start + ", " + (start + M) + ", " + c + ", " + c + ", " + c
                    + ", " + c + ", " + c + ", 1, 1, 1.0, " + c + ", " + c + ", 0.0, 0.0, TRUE)");
        }
        TestDatabase.execute(db, "INSERT INTO window_metrics (source, asset, window_size, window_start, window_end, open, high, low,"
                + " close, avg_price, tick_count, trade_count, volume_base, volume_quote, vwap, price_stddev, pct_change, is_final)"
                + " VALUES " + String.join(", ", values));
    }
}
