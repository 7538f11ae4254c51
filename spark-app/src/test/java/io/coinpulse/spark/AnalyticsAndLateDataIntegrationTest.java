package io.coinpulse.spark;

import static io.coinpulse.spark.testing.Ticks.T0;
import static io.coinpulse.spark.testing.Ticks.trade;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coinpulse.devstack.Database;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.spark.analytics.ReferenceIndicators;
import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.testing.LocalSpark;
import io.coinpulse.spark.testing.TestDatabase;
import io.coinpulse.spark.testing.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The stream job on real parts (KRaft broker, MariaDB with query-service's migrations, Spark local):
 * derived indicators, movers and alerts against an independent computation on fixed data; late
 * records dropped, counted by asset and never in a window; on-time disorder changing nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsAndLateDataIntegrationTest {

    private static final long M = 60_000;
    private static final int MINUTES = 26;
    private static final List<String> ASSETS = List.of("AAA", "BBB", "CCC");

    private final Path work = Path.of("target", "it", "analytics-" + System.currentTimeMillis()).toAbsolutePath();
    private KafkaBroker broker;
    private Database database;
    private SparkSession spark;

    @BeforeAll
    void startParts() {
        CompletableFuture<Database> db = CompletableFuture.supplyAsync(() -> TestDatabase.startEmbedded(work.resolve("mariadb")));
        broker = KafkaBroker.start(work.resolve("kafka"));
        broker.createTopics(Map.of("ticks.analytics", 3, "metrics.analytics", 3, "alerts.analytics", 1,
                "ticks.late", 3, "metrics.late", 3, "alerts.late", 1, "ticks.outage", 3, "metrics.outage", 3, "alerts.outage", 1));
        database = db.join();
        spark = LocalSpark.session();
    }

    @AfterAll
    void stopParts() {
        if (broker != null) {
            broker.stop();
        }
        if (database != null) {
            database.stop();
        }
    }

    private Map<String, String> env(DbSettings db, String name) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("COINPULSE_TOPICS_TICKS", "ticks." + name);
        env.put("COINPULSE_TOPICS_METRICS", "metrics." + name);
        env.put("COINPULSE_TOPICS_ALERTS", "alerts." + name);
        env.put("COINPULSE_CHECKPOINT_PATH", work.resolve("checkpoints-" + name).toUri().toString());
        env.put("COINPULSE_DB_URL", db.url());
        env.put("COINPULSE_DB_USER", db.user());
        env.put("COINPULSE_DB_PASSWORD", db.password());
        env.put("COINPULSE_TRIGGER", "available-now");
        env.put("COINPULSE_DB_WAIT_TIMEOUT", "30s");
        env.put("COINPULSE_STREAM_PLAN", "one-pass");
        // two cores here: one wave of tasks per stateful stage
        env.put("COINPULSE_SHUFFLE_PARTITIONS", "2");
        return env;
    }

    // ---------------------------------------------------------------------------------------------
    // derived analytics

    /** Closes per asset and minute, null: no trade that minute. */
    private static Map<String, Double[]> closes() {
        Random random = new Random(7);
        Map<String, Double[]> out = new LinkedHashMap<>();
        for (String asset : ASSETS) {
            Double[] c = new Double[MINUTES];
            double price = 10 + random.nextInt(90);
            for (int i = 0; i < MINUTES; i++) {
                price *= Math.exp(random.nextGaussian() * 0.004);
                c[i] = price;
            }
            out.put(asset, c);
        }
        out.get("CCC")[12] = null;                       // a minute without trades: a gap in the series
        out.get("AAA")[25] = out.get("AAA")[24] * 1.08;  // +8 % in the last minute
        return out;
    }

    /** Two trades a minute: at 10 s a little below the close, at 40 s the close. */
    private static List<String> ticks(Map<String, Double[]> closes, int fromMinute, int toMinute) {
        List<String> out = new ArrayList<>();
        for (int i = fromMinute; i < toMinute; i++) {
            for (String asset : ASSETS) {
                Double c = closes.get(asset)[i];
                if (c != null) {
                    out.add(trade(asset, c * 0.999, 1, T0 + i * M + 10_000, asset + ":" + i + ":a"));
                    out.add(trade(asset, c, 1, T0 + i * M + 40_000, asset + ":" + i + ":b"));
                }
            }
        }
        // arrival out of event-time order within the part (and within the watermark): changes nothing
        Collections.shuffle(out, new Random(fromMinute));
        return out;
    }

    @Test
    @Order(1)
    void indicatorsMoversAndAlertsOfTheStreamedWindowsEqualAPlainComputation() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "cp_analytics");
        Map<String, String> env = env(db, "analytics");
        env.put("COINPULSE_INDICATORS_SMA", "3,5");
        // ema_15 is still undefined (stored NULL) at the end of the first run: the second must seed from that, not from 0
        env.put("COINPULSE_INDICATORS_EMA", "3,15");
        env.put("COINPULSE_INDICATORS_VOLATILITY", "4");
        env.put("COINPULSE_MOVERS_TOP", "2");
        env.put("COINPULSE_ALERTS_K", "3");
        env.put("COINPULSE_ALERTS_HISTORY", "8");
        env.put("COINPULSE_ALERTS_MIN_HISTORY", "5");
        JobConfig config = JobConfig.load(List.of(), env);
        Map<String, Double[]> closes = closes();

        // two runs on one checkpoint: the second recomputes from its earliest window with the history of the first
        for (int[] part : new int[][] {{0, 13}, {13, MINUTES}}) {
            Topics.produce(broker.bootstrapServers(), "ticks.analytics", ticks(closes, part[0], part[1]));
            CoinpulseJob.stream(spark, config);
        }

        // indicators: every window of every asset, every indicator
        Map<String, Map<String, Double>> actual = new TreeMap<>();
        for (Map<String, Object> r : TestDatabase.query(db, "SELECT asset, window_start, indicator, value FROM v_indicators")) {
            actual.computeIfAbsent(r.get("asset") + "@" + ((Long) r.get("window_start") - T0) / M, k -> new TreeMap<>())
                    .put((String) r.get("indicator"), (Double) r.get("value"));
        }
        Map<String, Map<String, Double>> expected = new TreeMap<>();
        Map<String, List<Map<String, Double>>> reference = new HashMap<>();
        for (String asset : ASSETS) {
            List<Map<String, Double>> values = ReferenceIndicators.compute(closes.get(asset), new int[] {3, 5}, new int[] {3, 15}, new int[] {4});
            reference.put(asset, values);
            for (int i = 0; i < MINUTES; i++) {
                if (closes.get(asset)[i] != null) {
                    expected.put(asset + "@" + i, new TreeMap<>(values.get(i)));
                }
            }
        }
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        List<String> mismatches = new ArrayList<>();
        expected.forEach((window, indicators) -> indicators.forEach((name, value) -> {
            if (!actual.get(window).containsKey(name) || !ReferenceIndicators.same(actual.get(window).get(name), value)) {
                mismatches.add(window + " " + name + ": " + actual.get(window).get(name) + ", expected " + value);
            }
        }));
        assertThat(mismatches).isEmpty();
        assertThat(actual).allSatisfy((w, indicators) -> assertThat(indicators).hasSize(7));

        // movers: every 1m boundary, top 2 gainers and losers by change_5m
        List<String> expectedMovers = new ArrayList<>();
        for (int i = 0; i < MINUTES; i++) {
            List<Map.Entry<String, Double>> changes = new ArrayList<>();
            for (String asset : ASSETS) {
                Double change = reference.get(asset).get(i).get("change_5m");
                if (change != null) {
                    changes.add(Map.entry(asset, change));
                }
            }
            long asOf = T0 + (i + 1) * M;
            List<Map.Entry<String, Double>> up = changes.stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(2).toList();
            List<Map.Entry<String, Double>> down = changes.stream().filter(e -> e.getValue() < 0)
                    .sorted(Map.Entry.comparingByValue()).limit(2).toList();
            for (int k = 0; k < up.size(); k++) {
                expectedMovers.add(asOf + "/gainer/" + (k + 1) + "/" + up.get(k).getKey());
            }
            for (int k = 0; k < down.size(); k++) {
                expectedMovers.add(asOf + "/loser/" + (k + 1) + "/" + down.get(k).getKey());
            }
        }
        List<Map<String, Object>> movers = TestDatabase.query(db,
                "SELECT period, as_of, direction, rank_no, asset, pct_change, open_price, close_price FROM movers ORDER BY as_of, direction, rank_no");
        assertThat(movers).extracting(r -> r.get("as_of") + "/" + r.get("direction") + "/" + r.get("rank_no") + "/" + r.get("asset"))
                .containsExactlyInAnyOrderElementsOf(expectedMovers);
        Map<String, Object> topGainerAtEnd = movers.stream().filter(r -> r.get("as_of").equals(T0 + MINUTES * M)
                && r.get("direction").equals("gainer") && r.get("rank_no").equals(1)).findFirst().orElseThrow();
        assertThat(topGainerAtEnd).containsEntry("period", "5m").containsEntry("asset", "AAA");
        assertThat((Double) topGainerAtEnd.get("close_price")).isEqualTo(closes.get("AAA")[25]);
        assertThat((Double) topGainerAtEnd.get("open_price")).isEqualTo(closes.get("AAA")[20]);

        // alerts: exactly the windows the plain computation flags, in the table and on the topic
        TreeSet<String> expectedAlerts = referenceAlerts(closes, 8, 5, 3.0);
        assertThat(expectedAlerts).contains("binance:AAA:price_move:" + (T0 + 25 * M));
        List<Map<String, Object>> alerts = TestDatabase.query(db, "SELECT alert_id, kind, value, zscore, threshold, message FROM alerts");
        assertThat(alerts).extracting(r -> (String) r.get("alert_id")).containsExactlyInAnyOrderElementsOf(expectedAlerts);
        Map<String, Object> jump = alerts.stream().filter(r -> r.get("alert_id").equals("binance:AAA:price_move:" + (T0 + 25 * M)))
                .findFirst().orElseThrow();
        assertThat((Double) jump.get("value")).isCloseTo(Math.log(1.08), org.assertj.core.data.Offset.offset(1e-12));
        assertThat((Double) jump.get("zscore")).isGreaterThan(3);
        assertThat(jump.get("message")).asString().contains("AAA", "+8.000%");
        List<ConsumerRecord<String, JsonNode>> published = Topics.readAll(broker.bootstrapServers(), "alerts.analytics");
        assertThat(published).extracting(r -> r.value().path("alertId").asText()).containsExactlyInAnyOrderElementsOf(expectedAlerts);
        assertThat(published).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().path("asset").asText()));

        // crypto.metrics: each window once per batch that changed it, and once more when it became final
        List<Map<String, Object>> windows = TestDatabase.windowMetrics(db);
        List<ConsumerRecord<String, JsonNode>> metrics = Topics.readAll(broker.bootstrapServers(), "metrics.analytics");
        List<ConsumerRecord<String, JsonNode>> updates = metrics.stream().filter(r -> !r.value().path("final").asBoolean()).toList();
        List<ConsumerRecord<String, JsonNode>> finals = metrics.stream().filter(r -> r.value().path("final").asBoolean()).toList();
        assertThat(updates).hasSize(windows.size());
        // each window changed in one batch here: its update carries the state stored for it, keyed by its asset
        Map<String, JsonNode> updateOf = new java.util.HashMap<>();
        updates.forEach(r -> updateOf.put(r.value().path("asset").asText() + "/" + r.value().path("windowStart").asLong(), r.value()));
        assertThat(updates).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().path("asset").asText()));
        for (Map<String, Object> w : windows) {
            JsonNode u = updateOf.get(w.get("asset") + "/" + w.get("window_start"));
            assertThat(u).as("update of %s/%s", w.get("asset"), w.get("window_start")).isNotNull();
            assertThat(u.path("close").asDouble()).isEqualTo(((Number) w.get("close")).doubleValue());
            assertThat(u.path("tickCount").asLong()).isEqualTo(((Number) w.get("tick_count")).longValue());
            assertThat(u.path("volumeQuote").asDouble()).isEqualTo(((Number) w.get("volume_quote")).doubleValue());
            assertThat(u.path("final").asBoolean()).isFalse();
        }
        assertThat(finals).hasSize((int) windows.stream().filter(w -> Boolean.TRUE.equals(w.get("is_final"))).count()).isNotEmpty();
        JsonNode first = finals.stream().filter(r -> r.key().equals("AAA") && r.value().path("windowStart").asLong() == T0)
                .findFirst().orElseThrow().value();
        assertThat(first.path("source").asText()).isEqualTo("binance");
        assertThat(first.path("size").asText()).isEqualTo("1m");
        assertThat(first.path("windowEnd").asLong()).isEqualTo(T0 + M);
        assertThat(first.path("tickCount").asLong()).isEqualTo(2);
        assertThat(first.path("close").asDouble()).isEqualTo(closes.get("AAA")[0]);
        assertThat(first.path("vwap").isNumber()).isTrue();
        assertThat(first.has("avgPrice") && first.has("volumeQuote") && first.has("priceStddev") && first.has("pctChange")).isTrue();
        // the final notice is read back from the table, the update was written from the batch's rows: same fields, same values
        for (ConsumerRecord<String, JsonNode> f : finals) {
            ObjectNode update = updateOf.get(f.key() + "/" + f.value().path("windowStart").asLong()).deepCopy();
            assertThat(f.value()).isEqualTo(update.put("final", true));
        }
    }

    /** The alert ids the definition gives: history H windows before, at least {@code min} values, beyond k. */
    private static TreeSet<String> referenceAlerts(Map<String, Double[]> closes, int h, int min, double k) {
        TreeSet<String> out = new TreeSet<>();
        for (String asset : ASSETS) {
            Double[] c = closes.get(asset);
            for (int i = 0; i < MINUTES; i++) {
                if (c[i] == null) {
                    continue;
                }
                if (i >= 1 && c[i - 1] != null) {
                    List<Double> history = new ArrayList<>();
                    for (int j = i - h; j < i; j++) {
                        if (j >= 1 && c[j] != null && c[j - 1] != null) {
                            history.add(Math.log(c[j] / c[j - 1]));
                        }
                    }
                    if (beyond(Math.log(c[i] / c[i - 1]), history, min, k, false)) {
                        out.add("binance:" + asset + ":price_move:" + (T0 + i * M));
                    }
                }
                List<Double> volumes = new ArrayList<>();
                for (int j = Math.max(0, i - h); j < i; j++) {
                    if (c[j] != null) {
                        volumes.add(c[j] * 0.999 + c[j]);
                    }
                }
                if (beyond(c[i] * 0.999 + c[i], volumes, min, k, true)) {
                    out.add("binance:" + asset + ":volume_spike:" + (T0 + i * M));
                }
            }
        }
        return out;
    }

    private static boolean beyond(double value, List<Double> history, int min, double k, boolean upOnly) {
        if (history.size() < min) {
            return false;
        }
        double mean = history.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sd = ReferenceIndicators.sampleSd(history);
        if (!(sd > 0)) {
            return false;
        }
        double z = (value - mean) / sd;
        return upOnly ? z > k : Math.abs(z) > k;
    }

    // ---------------------------------------------------------------------------------------------
    // late data

    @Test
    @Order(2)
    void lateRecordsAreDroppedCountedByAssetAndNeverInAWindowWhileOnTimeDisorderChangesNothing() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "cp_late");
        JobConfig config = JobConfig.load(List.of(), env(db, "late"));
        List<String[]> onTime = new ArrayList<>();   // asset, price, event time
        for (int minute = 0; minute < 3; minute++) {
            for (int second : new int[] {5, 25, 45}) {
                onTime.add(new String[] {"BTC", Double.toString(100 + minute * 3 + second / 10.0), Long.toString(T0 + minute * M + second * 1000L)});
                onTime.add(new String[] {"ETH", Double.toString(10 + minute + second / 100.0), Long.toString(T0 + minute * M + second * 1000L + 500)});
            }
        }
        // disorder within the watermark: each pair of neighbours swapped
        List<String> first = new ArrayList<>();
        for (int i = 0; i < onTime.size(); i += 2) {
            first.add(line(onTime.get(i + 1), "o" + (i + 1)));
            first.add(line(onTime.get(i), "o" + i));
        }
        Topics.produce(broker.bootstrapServers(), "ticks.late", first);
        CoinpulseJob.stream(spark, config);    // watermark now 2:45.5 - 30 s = 2:15.5

        List<String[]> second = List.of(
                new String[] {"BTC", "999", Long.toString(T0 + 50_000)},          // late: window 0 is final
                new String[] {"BTC", "1", Long.toString(T0 + M + 30_000)},        // late: window 1 too
                new String[] {"ETH", "999", Long.toString(T0 + 2 * M + 10_000)},  // late, though its window is still open
                new String[] {"ETH", "11.5", Long.toString(T0 + 2 * M + 20_000)}, // on time
                new String[] {"BTC", "107", Long.toString(T0 + 2 * M + 50_000)}); // on time
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < second.size(); i++) {
            lines.add(line(second.get(i), "s" + i));
            if (!second.get(i)[1].equals("999") && !second.get(i)[1].equals("1")) {
                onTime.add(second.get(i));
            }
        }
        Topics.produce(broker.bootstrapServers(), "ticks.late", lines);
        CoinpulseJob.stream(spark, config);

        // the windows are those of the on-time records alone
        Map<String, List<String[]>> byWindow = new TreeMap<>();
        for (String[] t : onTime) {
            byWindow.computeIfAbsent(t[0] + "@" + (Long.parseLong(t[2]) - T0) / M, k -> new ArrayList<>()).add(t);
        }
        List<Map<String, Object>> rows = TestDatabase.query(db,
                "SELECT asset, window_start, tick_count, open, close, high, low, volume_base FROM window_metrics ORDER BY asset, window_start");
        assertThat(rows).hasSize(byWindow.size());
        for (Map<String, Object> r : rows) {
            List<String[]> ticks = new ArrayList<>(byWindow.get(r.get("asset") + "@" + ((Long) r.get("window_start") - T0) / M));
            ticks.sort(Comparator.comparingLong(t -> Long.parseLong(t[2])));
            double[] prices = ticks.stream().mapToDouble(t -> Double.parseDouble(t[1])).toArray();
            assertThat(r).as("window %s", r)
                    .containsEntry("tick_count", (long) ticks.size())
                    .containsEntry("open", prices[0])
                    .containsEntry("close", prices[prices.length - 1])
                    .containsEntry("high", java.util.Arrays.stream(prices).max().orElseThrow())
                    .containsEntry("low", java.util.Arrays.stream(prices).min().orElseThrow())
                    .containsEntry("volume_base", (double) ticks.size());
        }

        // counted, by asset, in table late_records and in the batch's row of stream_batches
        assertThat(TestDatabase.query(db, "SELECT window_size, source, asset, records, min_event_time, max_event_time, watermark"
                + " FROM late_records ORDER BY asset")).containsExactly(
                Map.of("window_size", "1m", "source", "binance", "asset", "BTC", "records", 2L, "min_event_time", T0 + 50_000,
                        "max_event_time", T0 + M + 30_000, "watermark", T0 + 2 * M + 15_500),
                Map.of("window_size", "1m", "source", "binance", "asset", "ETH", "records", 1L, "min_event_time", T0 + 2 * M + 10_000,
                        "max_event_time", T0 + 2 * M + 10_000, "watermark", T0 + 2 * M + 15_500));
        assertThat(TestDatabase.query(db, "SELECT SUM(late_records) AS late, SUM(input_rows) AS input FROM stream_batches"))
                .containsExactly(Map.of("late", java.math.BigDecimal.valueOf(3), "input", java.math.BigDecimal.valueOf(onTime.size() + 3)));
    }

    // ---------------------------------------------------------------------------------------------
    // the database away

    /** Last: it stops and restarts the class's database. */
    @Test
    @Order(3)
    void aDatabaseAwayForAWhileOnlyDelaysTheStreamWhichCatchesUpWithTheSameFinalRows() throws Exception {
        Database own = database;
        {
            DbSettings db = TestDatabase.createSchema(own, "cp_outage");
            Map<String, String> env = env(db, "outage");
            env.put("COINPULSE_TRIGGER", "1s");
            env.put("COINPULSE_DB_RETRY_BUDGET", "3m");
            JobConfig config = JobConfig.load(List.of(), env);
            List<String> valid = io.coinpulse.spark.testing.SampleDataset.validLines();
            int half = valid.size() / 2;
            Topics.produce(broker.bootstrapServers(), "ticks.outage", valid.subList(0, half));
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
                try {
                    CoinpulseJob.stream(spark, config);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitRows(db, stream, rows -> !rows.isEmpty());

            own.stop();
            Topics.produce(broker.bootstrapServers(), "ticks.outage", valid.subList(half, valid.size()));
            Thread.sleep(15_000);
            assertThat(stream).as("the stream outlives the database's absence").isNotDone();
            own.restart();

            long watermark = io.coinpulse.spark.testing.SampleDataset.maxEventTime() - 30_000;
            var expected = io.coinpulse.spark.testing.SampleDataset.expected1m();
            awaitRows(db, stream, rows -> io.coinpulse.spark.testing.WindowComparison.differences(expected, rows).isEmpty()
                    && rows.stream().allMatch(r -> r.get("is_final").equals((Long) r.get("window_end") <= watermark)));
            spark.streams().active()[0].stop();
            for (var q : spark.streams().active()) {
                q.stop();
            }
            stream.get();
        }
    }

    /** Polls window_metrics until {@code done} holds (up to 4 minutes) while the stream runs. */
    private static void awaitRows(DbSettings db, CompletableFuture<Void> stream,
            java.util.function.Predicate<List<Map<String, Object>>> done) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(4).toNanos();
        List<Map<String, Object>> rows = List.of();
        while (System.nanoTime() < deadline) {
            if (stream.isDone()) {
                stream.get();
                throw new AssertionError("the stream stopped");
            }
            try {
                rows = TestDatabase.windowMetrics(db);
                if (done.test(rows)) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // the database is coming back
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("window_metrics never got there: " + rows.size() + " rows");
    }

    private static String line(String[] t, String id) {
        return trade(t[0], Double.parseDouble(t[1]), 1, Long.parseLong(t[2]), t[0] + ":" + id);
    }
}
