package io.coinpulse.spark;

import static io.coinpulse.spark.testing.Ticks.T0;
import static io.coinpulse.spark.testing.Ticks.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.devstack.Database;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.monitor.StreamMonitor;
import io.coinpulse.spark.sink.OnePassSink;
import io.coinpulse.spark.sink.SinkOutputs;
import io.coinpulse.spark.sink.TableNotReadyException;
import io.coinpulse.spark.sink.WindowMetricsRepository;
import io.coinpulse.spark.sink.WindowMetricsSink;
import io.coinpulse.spark.sink.WindowMetricsWriter;
import io.coinpulse.spark.testing.Checkpoints;
import io.coinpulse.spark.testing.LocalSpark;
import io.coinpulse.spark.testing.ProgressRecorder;
import io.coinpulse.spark.testing.SampleDataset;
import io.coinpulse.spark.testing.TestDatabase;
import io.coinpulse.spark.testing.TickStream;
import io.coinpulse.spark.testing.Ticks;
import io.coinpulse.spark.testing.WindowComparison;
import io.coinpulse.spark.transform.TickDeduplicator;
import io.coinpulse.spark.transform.TickParser;
import io.coinpulse.spark.transform.WindowMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stream job on real parts: a KRaft broker (devstack, its own JVM), an embedded MariaDB with
 * query-service's migration, Spark local; the sample dataset's valid ticks in, the dataset's
 * expected windows out, across a restart and a replayed micro-batch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamJobIntegrationTest {

    private static final String TOPIC = "crypto.ticks";
    private static final String QUERY = "window-metrics-1m";
    private static final long WATERMARK_MS = 30_000;

    private final Path work = Path.of("target", "it", "stream-" + System.currentTimeMillis()).toAbsolutePath();
    private final ObjectMapper json = new ObjectMapper();
    private final ProgressRecorder progress = new ProgressRecorder();
    private KafkaBroker broker;
    private Database database;
    private SparkSession spark;

    @BeforeAll
    void startParts() {
        CompletableFuture<Database> db = CompletableFuture.supplyAsync(() -> TestDatabase.startEmbedded(work.resolve("mariadb")));
        broker = KafkaBroker.start(work.resolve("kafka"));
        broker.createTopics(Map.of(TOPIC, 3, "crypto.metrics", 3, "crypto.alerts", 1));
        database = db.join();
        spark = LocalSpark.session();
        spark.streams().addListener(progress);
    }

    @AfterAll
    void stopParts() {
        if (spark != null) {
            spark.streams().removeListener(progress);
        }
        if (broker != null) {
            broker.stop();
        }
        if (database != null) {
            database.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"per-size", "one-pass"})
    void theSampleTicksThroughKafkaGiveTheExpectedRowsAndNeitherARestartNorAReplayedBatchChangesThem(String plan) throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "coinpulse_stream_" + plan.replace('-', '_'));
        Path checkpoint = work.resolve("checkpoints-" + plan);
        String topic = "ticks-" + plan;
        broker.createTopics(Map.of(topic, 3));
        JobConfig config = JobConfig.load(List.of(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "COINPULSE_TOPICS_TICKS", topic,
                "COINPULSE_STREAM_PLAN", plan,
                "COINPULSE_CHECKPOINT_PATH", checkpoint.toUri().toString(),
                "COINPULSE_DB_URL", db.url(),
                "COINPULSE_DB_USER", db.user(),
                "COINPULSE_DB_PASSWORD", db.password(),
                "COINPULSE_TRIGGER", "available-now",
                "COINPULSE_DB_WAIT_TIMEOUT", "30s"));
        List<String> valid = SampleDataset.validLines();
        int half = valid.size() / 2;
        Map<String, SampleDataset.Window> expected = SampleDataset.expected1m();
        long watermark = SampleDataset.maxEventTime() - WATERMARK_MS;

        // the first half, then the rest on the same checkpoint: windows that span the two runs
        // continue from the restored state
        produce(topic, valid.subList(0, half));
        CoinpulseJob.stream(spark, config);
        produce(topic, valid.subList(half, valid.size()));
        CoinpulseJob.stream(spark, config);

        List<Map<String, Object>> rows = TestDatabase.windowMetrics(db);
        assertThat(WindowComparison.differences(expected, rows)).isEmpty();
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("window_size")).isEqualTo("1m");
            assertThat(r.get("is_final")).as("is_final of %s", r.get("window_start"))
                    .isEqualTo((Long) r.get("window_end") <= watermark);
        });
        assertThat(rows).filteredOn(r -> Boolean.TRUE.equals(r.get("is_final"))).hasSizeBetween(1, rows.size() - 1);

        // a crash after the sink wrote the last batch, before Spark committed it: the batch runs again
        long replayed = Checkpoints.forgetLastDataBatch(checkpoint.resolve(plan.equals("one-pass") ? "one-pass" : QUERY));
        progress.clear();
        CoinpulseJob.stream(spark, config);
        assertThat(progress.of(QUERY)).as("the replayed batch")
                .anySatisfy(p -> {
                    assertThat(p.batchId()).isEqualTo(replayed);
                    assertThat(p.numInputRows()).isEqualTo(valid.size() - half);
                });
        List<Map<String, Object>> afterReplay = TestDatabase.windowMetrics(db);
        assertThat(WindowComparison.differences(expected, afterReplay)).isEmpty();
        assertThat(afterReplay).extracting(r -> r.get("window_start") + "/" + r.get("asset") + "/" + r.get("is_final"))
                .containsExactlyElementsOf(rows.stream().map(r -> r.get("window_start") + "/" + r.get("asset") + "/" + r.get("is_final")).toList());

        // a plain restart: nothing new to read, nothing written
        progress.clear();
        CoinpulseJob.stream(spark, config);
        assertThat(progress.of(QUERY)).allSatisfy(p -> assertThat(p.numInputRows()).isZero());
        assertThat(TestDatabase.windowMetrics(db)).isEqualTo(afterReplay);

        if (plan.equals("one-pass")) {
            // a new checkpoint reads the topic again: merging would add every tick a second time
            JobConfig fresh = JobConfig.load(List.of("--coinpulse.checkpoint.path=" + work.resolve("checkpoints-new").toUri()),
                    envOf(config, plan, topic));
            assertThatThrownBy(() -> CoinpulseJob.stream(spark, fresh))
                    .isInstanceOf(StreamingQueryException.class)
                    .hasMessageContaining("was merged by another one-pass stream (query ")
                    .hasMessageContaining("merging would count the ticks both read twice")
                    .hasMessageNotContaining(db.password());
            assertThat(TestDatabase.windowMetrics(db)).isEqualTo(afterReplay);
        }
    }

    /** A row of column → value pairs, nulls allowed. */
    private static Map<String, Object> row(Object[]... entries) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Object[] e : entries) {
            out.put((String) e[0], e[1]);
        }
        return out;
    }

    private static Object[] entry(String column, Object value) {
        return new Object[] {column, value};
    }

    private Map<String, String> envOf(JobConfig config, String plan, String topic) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "COINPULSE_TOPICS_TICKS", topic,
                "COINPULSE_STREAM_PLAN", plan,
                "COINPULSE_DB_URL", config.db().url(),
                "COINPULSE_DB_USER", config.db().user(),
                "COINPULSE_DB_PASSWORD", config.db().password(),
                "COINPULSE_TRIGGER", "available-now",
                "COINPULSE_DB_WAIT_TIMEOUT", "30s");
    }

    @Test
    void aOnePassBatchAppliedTwiceCountsOnceAndTheNextBatchMergesIntoIt() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "coinpulse_merge");
        List<Long> written = new java.util.ArrayList<>();
        OnePassSink sink = new OnePassSink(spark, "merge-test", List.of(WindowSize.parse("1m"), WindowSize.parse("5m")),
                SinkOutputs.databaseOnly(db, (q, batch, rows, finals, phases) -> written.add(rows)), null);
        Dataset<Row> first = TickParser.parse(LocalSpark.records(List.of(
                trade("BTC", 100, 1, T0 + 10_000, "a"), trade("BTC", 110, 3, T0 + 20_000, "b"))));
        sink.call(first, 7L);
        List<Map<String, Object>> once = TestDatabase.windowMetrics(db);
        sink.call(first, 7L);   // retried or replayed
        sink.call(first, 6L);   // an older batch
        assertThat(TestDatabase.windowMetrics(db)).isEqualTo(once);
        assertThat(written).containsExactly(2L, 0L, 0L);

        sink.call(TickParser.parse(LocalSpark.recordsAt(List.of(
                RowFactory.create(trade("BTC", 90, 2, T0 + 5_000, "c"), 0, 2L),
                RowFactory.create(Ticks.quote("BTC", 120, T0 + 70_000, "d"), 0, 3L)))), 8L);

        assertThat(TestDatabase.query(db, "SELECT window_size, window_start, tick_count, trade_count, open, close, high, low,"
                + " avg_price, volume_base, volume_quote, vwap, price_stddev, pct_change, merged_batch, is_final FROM window_metrics"
                + " ORDER BY window_size, window_start")).containsExactly(
                row(entry("window_size", "1m"), entry("window_start", T0), entry("tick_count", 3L),
                        entry("trade_count", 3L), entry("open", 90.0), entry("close", 110.0), entry("high", 110.0),
                        entry("low", 90.0), entry("avg_price", 100.0), entry("volume_base", 6.0),
                        entry("volume_quote", 610.0), entry("vwap", 610.0 / 6), entry("price_stddev", Math.sqrt(200.0 / 3)),
                        entry("pct_change", (110.0 - 90) / 90 * 100), entry("merged_batch", 8L), entry("is_final", false)),
                row(entry("window_size", "1m"), entry("window_start", T0 + 60_000), entry("tick_count", 1L),
                        entry("trade_count", 0L), entry("open", 120.0), entry("close", 120.0), entry("high", 120.0),
                        entry("low", 120.0), entry("avg_price", 120.0), entry("volume_base", 0.0),
                        entry("volume_quote", 0.0), entry("vwap", null), entry("price_stddev", 0.0), entry("pct_change", 0.0),
                        entry("merged_batch", 8L), entry("is_final", false)),
                row(entry("window_size", "5m"), entry("window_start", T0), entry("tick_count", 4L),
                        entry("trade_count", 3L), entry("open", 90.0), entry("close", 120.0), entry("high", 120.0),
                        entry("low", 90.0), entry("avg_price", 105.0), entry("volume_base", 6.0),
                        entry("volume_quote", 610.0), entry("vwap", 610.0 / 6), entry("price_stddev", Math.sqrt(500.0 / 4)),
                        entry("pct_change", (120.0 - 90) / 90 * 100), entry("merged_batch", 8L), entry("is_final", false)));
        assertThat(written).containsExactly(2L, 0L, 0L, 3L);
    }

    @Test
    void windowsBecomeFinalOnceTheWatermarkPassesTheirEndAndLateAndInvalidRecordsAreCounted() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "coinpulse_monitor");
        StreamMonitor monitor = new StreamMonitor();
        String name = "window-metrics-monitor-test";
        monitor.register(name, "1m");
        spark.streams().addListener(monitor);
        TickStream input = new TickStream();
        Dataset<Row> ticks = TickDeduplicator.deduplicate(
                TickParser.observeRejected(TickParser.validate(input.records())), "30 seconds");
        StreamingQuery query = WindowMetrics.aggregate(ticks, WindowSize.parse("1m")).writeStream()
                .queryName(name)
                .outputMode(OutputMode.Update())
                .option("checkpointLocation", work.resolve("checkpoints-monitor").toUri().toString())
                .foreachBatch(new WindowMetricsSink(spark, name, "1m", SinkOutputs.databaseOnly(db, monitor)))
                .start();
        try {
            input.add(trade("BTC", 100, 1, T0 + 10_000, "a"),
                    trade("BTC", 200, 1, T0 + 70_000, "b"),
                    "{\"source\":\"binance\",\"kind\":\"trade\",");
            awaitWatermark(query, T0 + 40_000);
            assertThat(finality(db)).containsExactly(Map.entry(T0, false), Map.entry(T0 + 60_000, false));

            input.add(trade("BTC", 90, 1, T0 + 20_000, "c"),   // late: behind T0+40s
                    trade("BTC", 110, 1, T0 + 50_000, "d"),     // on time
                    trade("BTC", 300, 1, T0 + 135_000, "e"));   // moves the watermark to T0+105s
            awaitWatermark(query, T0 + 105_000);
        } finally {
            query.stop();
        }
        assertThat(monitor.awaitTerminated(query.id(), Duration.ofSeconds(30))).isTrue();
        spark.streams().removeListener(monitor);

        assertThat(finality(db)).containsExactly(Map.entry(T0, true), Map.entry(T0 + 60_000, false),
                Map.entry(T0 + 120_000, false));
        assertThat(TestDatabase.query(db, "SELECT tick_count, open, close, low FROM window_metrics WHERE window_start = " + T0))
                .containsExactly(Map.of("tick_count", 2L, "open", 100.0, "close", 110.0, "low", 100.0));
        assertThat(monitor.lateRecords(name)).isEqualTo(1);
        assertThat(monitor.rejectedRecords(name)).isEqualTo(1);
    }

    @Test
    void anUpsertOverwritesAWindowsStateKeepsItsFinalityAndSkipsWhatMysqlCannotStore() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "coinpulse_writer");
        WindowMetricsRepository repository = new WindowMetricsRepository(db);
        LongAccumulator upserted = spark.sparkContext().longAccumulator();

        write(db, upserted, window("BTC", T0, 100, 3, null), window("ETH", T0, 10, 1, 10.0));
        assertThat(upserted.value()).isEqualTo(2);
        assertThat(repository.markFinal("1m", T0 + 60_000)).isEqualTo(2);
        upserted.reset();
        write(db, upserted, window("BTC", T0, 101, 4, 100.5), window("SOL", T0, Double.NaN, 1, null));

        assertThat(upserted.value()).as("the NaN row is not written").isEqualTo(1);
        assertThat(TestDatabase.query(db, "SELECT asset, open, tick_count, vwap, is_final FROM window_metrics ORDER BY asset"))
                .containsExactly(
                        Map.of("asset", "BTC", "open", 101.0, "tick_count", 4L, "vwap", 100.5, "is_final", true),
                        Map.of("asset", "ETH", "open", 10.0, "tick_count", 1L, "vwap", 10.0, "is_final", true));
        assertThat(repository.markFinal("1m", T0 + 60_000)).as("nothing left to mark").isZero();
        assertThat(repository.markFinal("5m", T0 + 600_000)).as("another window size").isZero();
    }

    private void write(DbSettings db, LongAccumulator upserted, Row... rows) {
        spark.createDataFrame(List.of(rows), LocalSpark.WINDOW_ROW).repartition(1).foreachPartition(new WindowMetricsWriter(db, upserted));
    }

    private static Row window(String asset, long start, double open, long ticks, Double vwap) {
        return RowFactory.create("binance", asset, "1m", start, start + 60_000, open, open, open, open, open, ticks,
                vwap == null ? 0L : 1L, vwap == null ? 0.0 : 1.0, vwap == null ? 0.0 : vwap, vwap, 0.0, 0.0);
    }

    @Test
    void theJobWaitsForItsTableAndOtherwiseGivesUpWithAClearMessage() throws Exception {
        TestDatabase.execute(TestDatabase.settings(database, "mysql"), "CREATE DATABASE IF NOT EXISTS coinpulse_late");
        DbSettings db = TestDatabase.settings(database, "coinpulse_late");
        WindowMetricsRepository repository = new WindowMetricsRepository(db, Duration.ofMillis(200));

        long started = System.nanoTime();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> repository.awaitTable(Duration.ofSeconds(60)));
        Thread.sleep(2000);
        assertThat(waiting).isNotDone();
        TestDatabase.createTable(db);
        waiting.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));

        TestDatabase.execute(TestDatabase.settings(database, "mysql"), "CREATE DATABASE IF NOT EXISTS coinpulse_empty");
        assertThatThrownBy(() -> new WindowMetricsRepository(TestDatabase.settings(database, "coinpulse_empty"),
                Duration.ofMillis(100)).awaitTable(Duration.ofMillis(500)))
                .isInstanceOf(TableNotReadyException.class)
                .hasMessageContaining("table window_metrics is still not usable at " + TestDatabase.settings(database, "coinpulse_empty").url())
                .hasMessageContaining("query-service's Flyway migrations create it")
                .hasMessageContaining("doesn't exist")
                .hasMessageNotContaining(database.password());
    }

    private void produce(String topic, List<String> lines) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String line : lines) {
                producer.send(new ProducerRecord<>(topic, json.readTree(line).path("asset").asText(), line));
            }
            producer.flush();
        }
    }

    /** window_start → is_final of every row. */
    private static Map<Long, Boolean> finality(DbSettings db) throws Exception {
        return TestDatabase.query(db, "SELECT window_start, is_final FROM window_metrics ORDER BY window_start").stream()
                .collect(Collectors.toMap(r -> (Long) r.get("window_start"), r -> (Boolean) r.get("is_final"),
                        (a, b) -> a, java.util.LinkedHashMap::new));
    }

    /** Waits until a micro-batch has run with the watermark at {@code expectedMs}. */
    private static void awaitWatermark(StreamingQuery query, long expectedMs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            query.processAllAvailable();
            StreamingQueryProgress last = query.lastProgress();
            String watermark = last == null ? null : last.eventTime().get("watermark");
            if (watermark != null && Instant.parse(watermark).toEpochMilli() == expectedMs) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("watermark never reached " + Instant.ofEpochMilli(expectedMs) + "; last progress "
                + query.lastProgress());
    }
}
