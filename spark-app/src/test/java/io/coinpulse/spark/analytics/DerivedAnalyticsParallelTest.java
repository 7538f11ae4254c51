package io.coinpulse.spark.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coinpulse.devstack.Database;
import io.coinpulse.spark.config.AnalyticsSettings;
import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The derived analytics over two connections on a real MariaDB: the same indicators, movers and
 * alerts as over one, whatever thread computed which series, and a failure on either thread
 * reported.
 */
class DerivedAnalyticsParallelTest {

    private static final long M = 60_000;
    private static final long T0 = 1_772_323_200_000L;
    private static final AnalyticsSettings SETTINGS = new AnalyticsSettings(List.of(3), List.of(3), List.of(3), 2, 2.0, 5, 3);
    private static final int ASSETS = 500;
    private static final int MINUTES = 8;

    private static Database database;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.startEmbedded(Path.of("target", "it", "analytics-parallel-" + System.nanoTime()));
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void seriesAreChunkedSoEachConnectionGetsSomeOnceThereAreEnough() {
        List<SeriesKey> few = keys("binance", 10);
        assertThat(DerivedAnalytics.chunks(few, 2)).containsExactly(few);

        List<SeriesKey> many = keys("binance", 500);
        assertThat(DerivedAnalytics.chunks(many, 2)).containsExactly(many.subList(0, 250), many.subList(250, 500));
        assertThat(DerivedAnalytics.chunks(many, 1)).containsExactly(many);

        // per source, at most 1,000 assets a read
        List<SeriesKey> two = new ArrayList<>(keys("kraken", 2_500));
        two.addAll(keys("binance", 300));
        assertThat(DerivedAnalytics.chunks(two, 2)).extracting(List::size).containsExactly(300, 1000, 1000, 500);
        assertThat(DerivedAnalytics.chunks(two, 2).get(0).get(0).source()).isEqualTo("binance");

        assertThat(DerivedAnalytics.groups(List.of(0, 1, 2, 3, 4), 2)).containsExactly(List.of(0, 2, 4), List.of(1, 3));
        assertThat(DerivedAnalytics.groups(List.of(7), 2)).containsExactly(List.of(7));
        assertThat(DerivedAnalytics.groups(List.of(), 2)).isEmpty();
    }

    @Test
    void twoConnectionsGiveTheRowsOfOne() throws Exception {
        DbSettings parallel = TestDatabase.createSchema(database, "parallel_two");
        DbSettings serial = TestDatabase.createSchema(database, "parallel_one");
        Map<SeriesKey, Long> earliest = new HashMap<>();
        for (DbSettings db : List.of(parallel, serial)) {
            insertSeries(db);
        }
        keys("binance", ASSETS).forEach(k -> earliest.put(k, T0));
        List<Alert> publishedParallel = new ArrayList<>();
        List<Alert> publishedSerial = new ArrayList<>();

        DerivedAnalytics.Outcome two = new DerivedAnalytics(parallel, SETTINGS, 2).update(earliest, 0, publishedParallel::addAll);
        DerivedAnalytics.Outcome one = new DerivedAnalytics(serial, SETTINGS, 1).update(earliest, 0, publishedSerial::addAll);

        // 500 assets × 8 windows × (sma_3, ema_3, change_1m, change_5m, volatility_3)
        assertThat(two.indicatorValues()).isEqualTo(ASSETS * MINUTES * 5).isEqualTo(one.indicatorValues());
        assertThat(two.rankings()).isEqualTo(MINUTES).isEqualTo(one.rankings());
        String indicators = "SELECT source, asset, window_start, indicator, value FROM v_indicators"
                + " ORDER BY source, asset, window_start, indicator";
        assertThat(TestDatabase.query(parallel, indicators)).hasSize(ASSETS * MINUTES * 5)
                .isEqualTo(TestDatabase.query(serial, indicators));
        String movers = "SELECT period, as_of, direction, rank_no, source, asset, pct_change, open_price, close_price"
                + " FROM movers ORDER BY as_of, direction, rank_no";
        List<Map<String, Object>> ranked = TestDatabase.query(parallel, movers);
        assertThat(ranked).isEqualTo(TestDatabase.query(serial, movers));
        // as of the end of the last minute, the top gainer over 5m is the fastest riser, A499 (+1 × 500 per minute)
        assertThat(ranked).filteredOn(r -> r.get("as_of").equals(T0 + MINUTES * M) && r.get("direction").equals("gainer")
                && ((Number) r.get("rank_no")).intValue() == 1).extracting(r -> r.get("asset")).containsExactly("A499");
        // the jump of every 100th asset at minute 6 alerts once, in the order of the series either way
        assertThat(publishedParallel).extracting(Alert::alertId).isEqualTo(publishedSerial.stream().map(Alert::alertId).toList())
                .contains("binance:A100:price_move:" + (T0 + 6 * M), "binance:A400:price_move:" + (T0 + 6 * M));
        assertThat(two.newAlerts()).extracting(Alert::alertId).isEqualTo(publishedParallel.stream().map(Alert::alertId).toList());
    }

    @Test
    void aFailureOnEitherConnectionIsThrown() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "parallel_failure");
        insertSeries(db);
        TestDatabase.execute(db, "DROP TABLE movers");
        Map<SeriesKey, Long> earliest = new HashMap<>();
        keys("binance", ASSETS).forEach(k -> earliest.put(k, T0));

        // both threads rank minutes, both fail
        assertThatThrownBy(() -> new DerivedAnalytics(db, SETTINGS, 2).update(earliest, 0, null))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("movers")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        // the indicators of both halves were stored before the rankings failed
        assertThat(TestDatabase.query(db, "SELECT COUNT(DISTINCT asset) AS n FROM v_indicators"))
                .containsExactly(Map.of("n", (long) ASSETS));
    }

    @Test
    void twoConnectionsReplacingTheMoversOfAdjacentMinutesDoNotDeadlock() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "parallel_movers");
        AnalyticsRepository repository = new AnalyticsRepository(db);
        SeriesKey up = new SeriesKey("binance", "UP");
        SeriesKey down = new SeriesKey("binance", "DOWN");
        int minutes = 600;
        // each thread ranks every other new minute, as the two threads of an update do: under REPEATABLE READ both
        // DELETEs of a minute not ranked yet lock the same gap at the end of the index, both INSERTs wait for the
        // other's gap lock, and MariaDB kills one as a deadlock victim
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int parity = 0; parity < 2; parity++) {
                int first = parity;
                done.add(threads.submit(() -> repository.inSession(() -> {
                    int replaced = 0;
                    for (int m = first; m < minutes; m += 2) {
                        repository.replaceMovers("5m", T0 + m * M, List.of(new AnalyticsRepository.Change(up, 1.0 + m, 100, 101)),
                                List.of(new AnalyticsRepository.Change(down, -1.0 - m, 100, 99)));
                        replaced++;
                    }
                    return replaced;
                })));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(minutes / 2);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(TestDatabase.query(db, "SELECT direction, COUNT(*) AS n, MIN(pct_change) AS lo, MAX(pct_change) AS hi FROM movers"
                + " GROUP BY direction ORDER BY direction")).containsExactly(
                        Map.of("direction", "gainer", "n", (long) minutes, "lo", 1.0, "hi", (double) minutes),
                        Map.of("direction", "loser", "n", (long) minutes, "lo", (double) -minutes, "hi", -1.0));
    }

    private static List<SeriesKey> keys(String source, int n) {
        return IntStream.range(0, n).mapToObj(i -> new SeriesKey(source, String.format("A%03d", i))).toList();
    }

    /**
     * {@value #MINUTES} final 1m windows of {@value #ASSETS} assets: asset i closes at 1000 + i × m
     * in minute m (rising by i a minute), and every 100th asset jumps to twice its close at minute 6.
     */
    private static void insertSeries(DbSettings db) throws Exception {
        for (int m = 0; m < MINUTES; m++) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < ASSETS; i++) {
                long start = T0 + m * M;
                double c = 1000.0 + i * m;
                if (i % 100 == 0 && i > 0 && m == 6) {
                    c *= 2;
                }
                values.add("('binance', '" + String.format("A%03d", i) + "', '1m', " + start + ", " + (start + M) + ", " + c + ", " + c
                        + ", " + c + ", " + c + ", " + c + ", 1, 1, 1.0, " + c + ", " + c + ", 0.0, 0.0, TRUE)");
            }
            TestDatabase.execute(db, "INSERT INTO window_metrics (source, asset, window_size, window_start, window_end, open, high,"
                    + " low, close, avg_price, tick_count, trade_count, volume_base, volume_quote, vwap, price_stddev, pct_change,"
                    + " is_final) VALUES " + String.join(", ", values));
        }
    }
}
