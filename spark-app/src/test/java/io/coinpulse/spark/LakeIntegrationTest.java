package io.coinpulse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.Database;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.spark.batch.Backfill;
import io.coinpulse.spark.batch.Compare;
import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.lake.LakeMaintenance;
import io.coinpulse.spark.lake.LakeTables;
import io.coinpulse.spark.sink.WindowMetricsRepository;
import io.coinpulse.spark.testing.Checkpoints;
import io.coinpulse.spark.testing.LakeReader;
import io.coinpulse.spark.testing.LocalSpark;
import io.coinpulse.spark.testing.Rows;
import io.coinpulse.spark.testing.S3Endpoint;
import io.coinpulse.spark.testing.SampleDataset;
import io.coinpulse.spark.testing.TestDatabase;
import io.coinpulse.spark.testing.Topics;
import io.coinpulse.spark.testing.WindowComparison;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lake's Iceberg tables on the three kinds of URI — local disk, an in-process HDFS (the shaded
 * Hadoop minicluster) and an S3 endpoint (S3Proxy on loopback) — written by the stream job from the
 * sample dataset in two runs on one checkpoint (the second a restart), and read back; a replayed
 * micro-batch and a restart adding no row and no file; the lake read without Spark (Iceberg's API
 * and DuckDB); maintenance keeping every row; the JDBC catalog on the test database; then the batch
 * modes over the local lake: the backfill reproducing the streamed windows exactly, the comparison
 * reporting agreement.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LakeIntegrationTest {

    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-01T00:10:00Z");

    private final Path work = Path.of("target", "it", "lake-" + System.currentTimeMillis()).toAbsolutePath();
    private KafkaBroker broker;
    private Database database;
    private SparkSession spark;
    private DbSettings streamDb;
    private Map<String, String> fileEnv;

    @BeforeAll
    void startParts() throws Exception {
        CompletableFuture<Database> db = CompletableFuture.supplyAsync(() -> TestDatabase.startEmbedded(work.resolve("mariadb")));
        broker = KafkaBroker.start(work.resolve("kafka"));
        Map<String, Integer> topics = new HashMap<>(Map.of("crypto.metrics", 3, "crypto.alerts", 1));
        for (String name : List.of("file", "hdfs", "s3", "jdbc", "per-size")) {
            topics.put("ticks." + name, 3);
        }
        broker.createTopics(topics);
        database = db.join();
        spark = LocalSpark.session();
        streamDb = TestDatabase.createSchema(database, "cp_lake_file");
        fileEnv = env(streamDb, "file", work.resolve("file").toUri().toString());
        streamInTwoRuns(fileEnv);
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

    private Map<String, String> env(DbSettings db, String name, String base) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("COINPULSE_TOPICS_TICKS", "ticks." + name);
        env.put("COINPULSE_CHECKPOINT_PATH", base + "/checkpoints");
        env.put("COINPULSE_LAKE_PATH", base + "/lake");
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

    /** The valid sample ticks: the first half, a run, the rest, a run on the same checkpoint (a restart). */
    private void streamInTwoRuns(Map<String, String> env) throws Exception {
        JobConfig config = JobConfig.load(List.of(), env);
        List<String> valid = SampleDataset.validLines();
        int half = valid.size() / 2;
        Topics.produce(broker.bootstrapServers(), env.get("COINPULSE_TOPICS_TICKS"), valid.subList(0, half));
        CoinpulseJob.stream(spark, config);
        Topics.produce(broker.bootstrapServers(), env.get("COINPULSE_TOPICS_TICKS"), valid.subList(half, valid.size()));
        CoinpulseJob.stream(spark, config);
    }

    /** The expected windows the stream has finalized: those ending at or before the last watermark. */
    private static Map<String, SampleDataset.Window> expectedFinal() {
        long watermark = SampleDataset.maxEventTime() - 30_000;
        Map<String, SampleDataset.Window> out = new LinkedHashMap<>();
        SampleDataset.expected1m().forEach((k, w) -> {
            if (w.windowStart() + SampleDataset.MINUTE <= watermark) {
                out.put(k, w);
            }
        });
        return out;
    }

    /** The valid ticks the expected windows count: each distinct valid tick on time. */
    private static long countedTicks() {
        return SampleDataset.expected1m().values().stream().mapToLong(SampleDataset.Window::tickCount).sum();
    }

    /** What the lake of {@code config} holds, read through its catalog: the ticks and the final 1m windows. */
    private void assertLake(JobConfig config, DbSettings db) throws Exception {
        assertThat(WindowComparison.differences(SampleDataset.expected1m(), TestDatabase.windowMetrics(db))).isEmpty();
        LakeTables tables = LakeTables.open(spark, config);

        Dataset<Row> ticks = spark.table(tables.name(LakeTables.TICKS));
        long counted = countedTicks();
        assertThat(counted).isLessThan(SampleDataset.validLines().size());
        assertThat(ticks.count()).as("every valid tick the windows count, once: duplicates and late ticks dropped").isEqualTo(counted);
        assertThat(ticks.select("source", "id").distinct().count()).isEqualTo(counted);
        assertThat(ticks.columns()).containsExactly("source", "kind", "asset", "quote", "price", "size", "volume_24h", "market_cap",
                "event_time", "event_time_ms", "ingest_time_ms", "id", "kafka_partition", "kafka_offset");
        // one hour partition: hours since the epoch of 2026-03-01T00
        assertThat(Rows.collect(spark.sql("SELECT partition.event_time_hour AS hour, record_count FROM "
                + tables.name(LakeTables.TICKS) + ".partitions")))
                .containsExactly(Map.of("hour", (int) (FROM.toEpochMilli() / 3_600_000), "record_count", counted));

        Dataset<Row> windows = spark.table(tables.name(LakeTables.WINDOWS)).where("window_size = '1m'");
        Map<String, SampleDataset.Window> expected = expectedFinal();
        assertThat(expected).hasSizeBetween(30, 52);
        assertThat(WindowComparison.differences(expected, Rows.collect(windows))).isEmpty();
        assertThat(windows.where("window_start_time != timestamp_millis(window_start)").count()).isZero();
    }

    /** The lake as DuckDB reads the files Iceberg's API lists for the current snapshots: the same ticks and windows. */
    private static void assertReadWithoutSpark(org.apache.iceberg.catalog.Catalog catalog) throws Exception {
        List<Path> tickFiles = LakeReader.dataFiles(catalog, LakeTables.TICKS);
        assertThat(tickFiles).isNotEmpty().allSatisfy(f -> assertThat(f).isRegularFile());
        assertThat(LakeReader.duckDb(tickFiles, "SELECT COUNT(*) AS n, COUNT(DISTINCT source || '/' || id) AS ids FROM lake"))
                .containsExactly(Map.of("n", countedTicks(), "ids", countedTicks()));
        List<Map<String, Object>> windows = LakeReader.duckDb(LakeReader.dataFiles(catalog, LakeTables.WINDOWS),
                "SELECT * FROM lake WHERE window_size = '1m'");
        assertThat(windows).hasSize(expectedFinal().size());
        assertThat(WindowComparison.differences(expectedFinal(), windows)).isEmpty();
    }

    @Test
    @Order(1)
    void onLocalDiskTheLakeHoldsEveryValidTickAndEveryFinalWindow() throws Exception {
        assertLake(JobConfig.load(List.of(), fileEnv), streamDb);
    }

    @Test
    @Order(1)
    void theBiViewsAnswerLatestPerAssetAndDailyCandlesFromTheStreamedWindows() throws Exception {
        Map<String, List<SampleDataset.Window>> byAsset = SampleDataset.expected1m().values().stream()
                .collect(Collectors.groupingBy(w -> w.source() + "/" + w.asset()));
        List<Map<String, Object>> latest = TestDatabase.query(streamDb, "SELECT source, asset, window_start, close FROM v_latest_windows"
                + " WHERE window_size = '1m' ORDER BY source, asset");
        List<Map<String, Object>> candles = TestDatabase.query(streamDb, "SELECT source, asset, day_utc, open, high, low, close,"
                + " volume_quote, tick_count, windows FROM v_daily_candles ORDER BY source, asset");
        assertThat(latest).hasSize(byAsset.size());
        assertThat(candles).hasSize(byAsset.size());
        for (int i = 0; i < latest.size(); i++) {
            List<SampleDataset.Window> windows = new ArrayList<>(byAsset.get(latest.get(i).get("source") + "/" + latest.get(i).get("asset")));
            windows.sort(java.util.Comparator.comparingLong(SampleDataset.Window::windowStart));
            SampleDataset.Window last = windows.get(windows.size() - 1);
            assertThat(latest.get(i)).containsEntry("window_start", last.windowStart()).containsEntry("close", last.close());
            Map<String, Object> candle = candles.get(i);
            assertThat(candle).containsEntry("day_utc", java.sql.Date.valueOf("2026-03-01"))
                    .containsEntry("open", windows.get(0).open())
                    .containsEntry("close", last.close())
                    .containsEntry("high", windows.stream().mapToDouble(SampleDataset.Window::high).max().orElseThrow())
                    .containsEntry("low", windows.stream().mapToDouble(SampleDataset.Window::low).min().orElseThrow())
                    .containsEntry("windows", (long) windows.size());
            assertThat(((Number) candle.get("tick_count")).longValue()).isEqualTo(windows.stream().mapToLong(SampleDataset.Window::tickCount).sum());
        }
        assertThat(TestDatabase.query(streamDb, "SELECT COUNT(*) AS n FROM v_latest_movers WHERE period = '5m'").get(0).get("n"))
                .isEqualTo(TestDatabase.query(streamDb, "SELECT COUNT(*) AS n FROM movers WHERE as_of = (SELECT MAX(as_of) FROM movers)").get(0).get("n"));
        assertThat(TestDatabase.query(streamDb, "SELECT COUNT(*) AS n FROM v_latest_indicators").get(0).get("n")).isEqualTo(byAsset.size() * 7L);
    }

    @Test
    @Order(2)
    void aReplayedMicroBatchAndARestartWriteNoDuplicateRowOrFile() throws Exception {
        Path base = work.resolve("file");
        List<String> before = files(base.resolve("lake"));
        List<Map<String, Object>> rows = TestDatabase.windowMetrics(streamDb);
        // crashes after the sinks wrote their last batch, before Spark recorded the commits
        Checkpoints.forgetLastDataBatch(base.resolve("checkpoints").resolve("one-pass"));
        JobConfig config = JobConfig.load(List.of(), fileEnv);
        CoinpulseJob.stream(spark, config);
        CoinpulseJob.stream(spark, config);

        assertThat(files(base.resolve("lake"))).containsExactlyElementsOf(before);
        assertThat(TestDatabase.windowMetrics(streamDb)).isEqualTo(rows);
        assertLake(config, streamDb);
    }

    @Test
    @Order(3)
    void withoutSparkIcebergsApiAndDuckDbReadExactlyTheExpectedTicksAndWindows() throws Exception {
        assertReadWithoutSpark(LakeReader.hadoop(work.resolve("file").resolve("lake").toUri()));
    }

    @Test
    @Order(4)
    void maintenanceCompactsTheStreamsFilesAndKeepsEveryRow() throws Exception {
        Map<String, String> env = new HashMap<>(fileEnv);
        JobConfig config = JobConfig.load("maintain", List.of(), env, Instant.now());
        LakeTables tables = LakeTables.open(spark, config);
        long filesBefore = LakeReader.dataFiles(LakeReader.hadoop(work.resolve("file").resolve("lake").toUri()), LakeTables.TICKS).size();

        List<LakeMaintenance.Outcome> outcomes = LakeMaintenance.run(spark, config);

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0).table()).isEqualTo(tables.name(LakeTables.TICKS));
        assertThat(outcomes.get(0).filesBefore()).isEqualTo(filesBefore).isGreaterThan(1);
        // one hour of ticks: one file
        assertThat(outcomes.get(0).filesAfter()).isEqualTo(1);
        assertThat(outcomes.get(1).filesBefore()).isGreaterThan(1);
        assertThat(outcomes.get(1).filesAfter()).isEqualTo(1);
        // the default retention (7 days) expires none of the minutes-old snapshots
        assertThat(outcomes).allSatisfy(o -> assertThat(o.expiredSnapshots()).isZero());
        assertLake(config, streamDb);
        assertReadWithoutSpark(LakeReader.hadoop(work.resolve("file").resolve("lake").toUri()));
    }

    @Test
    @Order(5)
    void aBackfillFromTheLakeReproducesTheStreamedWindowsExactlyAndMarksThemFinal() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "cp_backfill");
        Map<String, String> env = new HashMap<>(fileEnv);
        env.put("COINPULSE_DB_URL", db.url());
        JobConfig config = JobConfig.load("backfill", List.of("--coinpulse.backfill.from=" + FROM,
                "--coinpulse.backfill.to=" + TO), env, Instant.now());

        // the stream's open row of a window the backfill recomputes, with other values, and an open row it does not recompute
        SampleDataset.Window streamed = SampleDataset.expected1m().values().iterator().next();
        String values = ", 1, 1, 1, 1, 1, 1, 0, 0, 0, NULL, 0, 0, FALSE)";
        TestDatabase.execute(db, "INSERT INTO window_metrics (" + String.join(", ", WindowMetricsRepository.COLUMNS) + ") VALUES ('"
                + streamed.source() + "', '" + streamed.asset() + "', '1m', " + streamed.windowStart() + ", "
                + (streamed.windowStart() + SampleDataset.MINUTE) + values);
        long other = FROM.toEpochMilli() + 3 * SampleDataset.MINUTE;
        TestDatabase.execute(db, "INSERT INTO window_metrics (" + String.join(", ", WindowMetricsRepository.COLUMNS)
                + ") VALUES ('binance', 'NOTICKS', '1m', " + other + ", " + (other + SampleDataset.MINUTE) + values);

        Backfill.Result result = Backfill.run(spark, config);
        Backfill.Result again = Backfill.run(spark, config);   // again: the same rows

        // the window without ticks in the lake is left as it was, final
        assertThat(TestDatabase.query(db, "SELECT close, is_final FROM window_metrics WHERE asset = 'NOTICKS'"))
                .containsExactly(Map.of("close", 1.0, "is_final", true));
        TestDatabase.execute(db, "DELETE FROM window_metrics WHERE asset = 'NOTICKS'");
        List<Map<String, Object>> rows = TestDatabase.windowMetrics(db);
        assertThat(WindowComparison.differences(SampleDataset.expected1m(), rows)).isEmpty();
        assertThat(rows).allSatisfy(r -> assertThat(r.get("is_final")).isEqualTo(true));
        assertThat(result.windows()).isEqualTo(53);
        assertThat(result.finalized()).isEqualTo(53 + 1);
        assertThat(again.windows()).isEqualTo(53);
        assertThat(again.finalized()).isEqualTo(53);
        assertThat(again.ticks()).isEqualTo(result.ticks());
        assertThat(result.ticks()).isEqualTo(SampleDataset.expected1m().values().stream().mapToLong(SampleDataset.Window::tickCount).sum());
        // the derived analytics of the backfilled series: 7 indicators per 1m window with the defaults
        assertThat(TestDatabase.query(db, "SELECT COUNT(*) AS n FROM v_indicators")).containsExactly(Map.of("n", 53L * 7));
        assertThat(TestDatabase.query(db, "SELECT mode, status, windows, range_from, range_to FROM pipeline_runs"))
                .hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("mode", "backfill").containsEntry("status", "done")
                        .containsEntry("windows", 53L).containsEntry("range_from", FROM.toEpochMilli()).containsEntry("range_to", TO.toEpochMilli()));
    }

    @Test
    @Order(6)
    void compareReportsStreamAndBatchAgreeingOnTheSampleAndListsEveryDifferenceOnceTheyDiffer() throws Exception {
        JobConfig config = JobConfig.load("compare", List.of("--coinpulse.compare.from=" + FROM, "--coinpulse.compare.to=" + TO),
                fileEnv, Instant.now());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Compare.Report report = Compare.run(spark, config, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(report.agree()).isTrue();
        assertThat(report.accuracy().matching()).isEqualTo(53);
        // the one-pass lake holds each counted tick once
        assertThat(report.run().ticksRead()).isEqualTo(SampleDataset.expected1m().values().stream().mapToLong(SampleDataset.Window::tickCount).sum());
        assertThat(report.run().streamBatches()).isPositive();
        assertThat(report.run().streamInputRows()).isEqualTo(SampleDataset.validLines().size());
        assertThat(report.run().streamRowsPerSecond()).isPositive();
        assertThat(report.run().streamLatencyAvgMs()).isPositive();
        assertThat(report.run().batchCpuMs()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("stream |", "batch |", "throughput (rows/s)",
                "latency event->row avg (ms)", "CPU time (ms)", "53 match, 0 only in the stream, 0 only in the batch, 0 metric differences -> AGREE");
        assertThat(TestDatabase.query(streamDb, "SELECT status, windows_stream, windows_matching, metric_differences FROM pipeline_runs"))
                .containsExactly(Map.of("status", "agree", "windows_stream", 53L, "windows_matching", 53L, "metric_differences", 0L));

        // a wrong close in the stream's table: the comparison finds it, and nothing else
        long start = SampleDataset.expected1m().values().iterator().next().windowStart();
        String asset = SampleDataset.expected1m().values().iterator().next().asset();
        TestDatabase.execute(streamDb, "UPDATE window_metrics SET close = close * 1.01 WHERE asset = '" + asset + "' AND window_start = " + start);
        try {
            printed.reset();
            Compare.Report differs = Compare.run(spark, config, new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(differs.agree()).isFalse();
            assertThat(differs.accuracy().differences()).extracting(d -> d.asset() + "/" + d.windowStart() + "/" + d.metric())
                    .containsExactly(asset + "/" + start + "/close");
            assertThat(differs.accuracy().matching()).isEqualTo(52);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("-> DIFFER", asset + "/1m/" + start + " close: stream ");
            assertThat(TestDatabase.query(streamDb, "SELECT metric FROM pipeline_run_differences WHERE run_id = '"
                    + differs.run().runId() + "' ORDER BY metric")).containsExactly(Map.of("metric", "close"));
        } finally {
            TestDatabase.execute(streamDb, "UPDATE window_metrics SET close = close / 1.01 WHERE asset = '" + asset + "' AND window_start = " + start);
        }
    }

    @Test
    @Order(7)
    void onHdfsTheLakeAndTheCheckpointsWorkTheSame() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("hdfs").toString());
        MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        try {
            hdfs.waitActive();
            String base = "hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/coinpulse";
            DbSettings db = TestDatabase.createSchema(database, "cp_lake_hdfs");
            Map<String, String> env = env(db, "hdfs", base);
            streamInTwoRuns(env);
            assertLake(JobConfig.load(List.of(), env), db);
        } finally {
            hdfs.shutdown();
        }
    }

    @Test
    @Order(8)
    void onS3TheLakeAndTheCheckpointsWorkTheSame() throws Exception {
        try (S3Endpoint s3 = S3Endpoint.start(work.resolve("s3"))) {
            s3.createBucket("coinpulse-lake");
            s3.configure(spark.sparkContext().hadoopConfiguration());
            DbSettings db = TestDatabase.createSchema(database, "cp_lake_s3");
            Map<String, String> env = env(db, "s3", "s3a://coinpulse-lake/test");
            streamInTwoRuns(env);
            assertLake(JobConfig.load(List.of(), env), db);
        }
    }

    @Test
    @Order(9)
    void withTheJdbcCatalogTheTablesAreRecordedInTheJobsOwnDatabase() throws Exception {
        JobConfig config = streamedLakeWith("jdbc", "COINPULSE_LAKE_CATALOG", "jdbc");
        DbSettings db = config.db();

        String catalog = LakeTables.open(spark, config).catalog();
        assertThat(TestDatabase.query(db, "SELECT table_namespace, table_name FROM iceberg_tables WHERE catalog_name = '" + catalog
                + "' ORDER BY table_name")).containsExactly(
                        Map.of("table_namespace", LakeTables.NAMESPACE, "table_name", LakeTables.TICKS),
                        Map.of("table_namespace", LakeTables.NAMESPACE, "table_name", LakeTables.WINDOWS));
        assertReadWithoutSpark(LakeReader.jdbc(catalog, db.url(), db.user(), db.password(), work.resolve("jdbc").resolve("lake").toUri()));
    }

    @Test
    @Order(10)
    void thePerSizePlanWritesTheSameTablesThroughIcebergsStreamingSink() throws Exception {
        JobConfig config = streamedLakeWith("per-size", "COINPULSE_STREAM_PLAN", "per-size");
        // Iceberg's own epoch record: each commit names the query and the micro-batch it holds
        LakeTables tables = LakeTables.open(spark, config);
        assertThat(tables.load(LakeTables.TICKS).currentSnapshot().summary()).containsKeys("spark.app.id", "spark.sql.streaming.queryId")
                .containsKey("spark.sql.streaming.epochId");
    }

    /** The dataset streamed in two runs into a lake of its own with one setting changed, the lake checked; its settings. */
    private JobConfig streamedLakeWith(String name, String setting, String value) throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "cp_lake_" + name.replace('-', '_'));
        Map<String, String> env = env(db, name, work.resolve(name).toUri().toString());
        env.put(setting, value);
        streamInTwoRuns(env);
        JobConfig config = JobConfig.load(List.of(), env);
        assertLake(config, db);
        return config;
    }

    /** Every file under {@code dir}, relative, sorted. */
    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
    }
}
