package io.coinpulse.spark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;

class JobConfigTest {

    private static final String SECRET = "s3cr3t-Pa55";

    private static Map<String, String> requiredEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        env.put("COINPULSE_CHECKPOINT_PATH", "file:///var/lib/coinpulse/checkpoints/");
        env.put("COINPULSE_DB_URL", "jdbc:mysql://127.0.0.1:3306/coinpulse");
        env.put("COINPULSE_DB_USER", "coinpulse");
        env.put("COINPULSE_DB_PASSWORD", SECRET);
        return env;
    }

    @Test
    void requiredSettingsFromTheEnvironmentAndEveryDefault() {
        JobConfig c = JobConfig.load(List.of(), requiredEnv());

        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.kafkaClient()).isEmpty();
        assertThat(c.ticksTopic()).isEqualTo("crypto.ticks");
        assertThat(c.failOnDataLoss()).isFalse();
        assertThat(c.maxOffsetsPerTrigger()).isEqualTo(100_000);
        assertThat(c.checkpointPath()).isEqualTo(URI.create("file:///var/lib/coinpulse/checkpoints/"));
        assertThat(c.watermark()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.windows()).containsExactly(new WindowSize("1m", Duration.ofMinutes(1)));
        assertThat(c.trigger().interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.trigger().toSpark()).isEqualTo(Trigger.ProcessingTime(250));
        assertThat(c.shufflePartitions()).as("unset: the cores").isZero();
        assertThat(c.lakeWriterTrigger()).isEqualTo(JobConfig.TriggerSetting.every(Duration.ofSeconds(10)));
        assertThat(c.db()).isEqualTo(new DbSettings("jdbc:mysql://127.0.0.1:3306/coinpulse", "coinpulse", SECRET));
        assertThat(c.dbWaitTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.sparkWatermark()).isEqualTo("30000 milliseconds");
    }

    @Test
    void argumentsWinOverTheEnvironment() {
        Map<String, String> env = requiredEnv();
        env.put("COINPULSE_WATERMARK", "10s");
        env.put("COINPULSE_WINDOWS", "1m,5m");

        JobConfig c = JobConfig.load(List.of("--coinpulse.watermark=45s", "--coinpulse.trigger=available-now",
                "--coinpulse.kafka.max-offsets-per-trigger=5000", "--coinpulse.shuffle-partitions=8",
                "--coinpulse.kafka.fail-on-data-loss=true"), env);

        assertThat(c.watermark()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.windows()).extracting(WindowSize::label).containsExactly("1m", "5m");
        assertThat(c.trigger().isAvailableNow()).isTrue();
        assertThat(c.trigger().toSpark()).isEqualTo(Trigger.AvailableNow());
        assertThat(c.maxOffsetsPerTrigger()).isEqualTo(5000);
        assertThat(c.shufflePartitions()).isEqualTo(8);
        assertThat(c.failOnDataLoss()).isTrue();
        assertThat(c.lakeWriterTrigger().isAvailableNow()).as("the lake writers stop with the stream").isTrue();
    }

    @Test
    void theLakeWritersNeverRunMoreOftenThanTheStream() {
        Map<String, String> env = requiredEnv();
        assertThat(JobConfig.load(List.of("--coinpulse.trigger=200ms", "--coinpulse.lake.trigger=5s"), env).lakeWriterTrigger())
                .isEqualTo(JobConfig.TriggerSetting.every(Duration.ofSeconds(5)));
        assertThat(JobConfig.load(List.of("--coinpulse.trigger=1m", "--coinpulse.lake.trigger=5s"), env).lakeWriterTrigger())
                .isEqualTo(JobConfig.TriggerSetting.every(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> JobConfig.load(List.of("--coinpulse.lake.trigger=often"), env))
                .hasMessageContaining("coinpulse.lake.trigger 'often' (from --coinpulse.lake.trigger)");
    }

    @Test
    void windowSizesKeepTheirOrderLabelAndLength() {
        Map<String, String> env = requiredEnv();
        env.put("COINPULSE_WINDOWS", " 1m, 5m,1h ,30s");

        assertThat(JobConfig.load(List.of(), env).windows()).containsExactly(
                new WindowSize("1m", Duration.ofMinutes(1)), new WindowSize("5m", Duration.ofMinutes(5)),
                new WindowSize("1h", Duration.ofHours(1)), new WindowSize("30s", Duration.ofSeconds(30)));
        assertThat(WindowSize.parse("5m").sparkInterval()).isEqualTo("300000 milliseconds");
    }

    @Test
    void everyMissingRequiredSettingIsNamedWithItsVariable() {
        assertThatThrownBy(() -> JobConfig.load(List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("kafka.bootstrap.servers is required", "KAFKA_BOOTSTRAP_SERVERS",
                        "coinpulse.checkpoint.path is required", "COINPULSE_CHECKPOINT_PATH",
                        "coinpulse.db.url is required", "COINPULSE_DB_URL",
                        "coinpulse.db.user is required", "COINPULSE_DB_USER")
                .hasMessageNotContaining("coinpulse.db.password is required");
    }

    @Test
    void everyInvalidValueIsNamedWithWhereItCameFrom() {
        Map<String, String> env = requiredEnv();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost");
        env.put("COINPULSE_WATERMARK", "30 seconds");
        env.put("COINPULSE_WINDOWS", "1m,60s,90x,500ms,50d");
        env.put("COINPULSE_CHECKPOINT_PATH", "relative/checkpoints");
        env.put("COINPULSE_DB_URL", "jdbc:postgresql://db/coinpulse");
        env.put("COINPULSE_KAFKA_FAIL_ON_DATA_LOSS", "maybe");
        env.put("KAFKA_SECURITY_PROTOCOL", "TLS");

        assertThatThrownBy(() -> JobConfig.load(List.of("--coinpulse.trigger=soon", "--coinpulse.shuffle-partitions=0"), env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(
                        "kafka.bootstrap.servers 'localhost' (from KAFKA_BOOTSTRAP_SERVERS): expected host:port",
                        "coinpulse.watermark '30 seconds' (from COINPULSE_WATERMARK): '30 seconds' is not a duration",
                        "'60s' repeats a size",
                        "'90x' is not a duration",
                        "'500ms': a window is a positive whole number of seconds",
                        "'50d': a window is at most 4294967296 ms (49 days) long",
                        "coinpulse.checkpoint.path 'relative/checkpoints' (from COINPULSE_CHECKPOINT_PATH): expected a URI with a scheme",
                        "coinpulse.db.url 'jdbc:postgresql://db/coinpulse' (from COINPULSE_DB_URL): expected jdbc:mysql://",
                        "coinpulse.kafka.fail-on-data-loss 'maybe'",
                        "kafka.security.protocol 'TLS'",
                        "coinpulse.trigger 'soon' (from --coinpulse.trigger)",
                        "coinpulse.shuffle-partitions '0' (from --coinpulse.shuffle-partitions): expected a positive whole number");
    }

    @Test
    void unknownOrMalformedArgumentsAreRejected() {
        assertThatThrownBy(() -> JobConfig.load(List.of("--coinpulse.watermrk=30s", "stream"), requiredEnv()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("unknown setting --coinpulse.watermrk (known: ", "coinpulse.watermark",
                        "unexpected argument 'stream'");
    }

    @Test
    void secretsNeverShowInTextOrErrors() {
        Map<String, String> env = requiredEnv();
        env.put("COINPULSE_DB_URL", "jdbc:mysql://coinpulse:" + SECRET + "@db:3306/coinpulse?password=" + SECRET);
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"spark\" password=\"" + SECRET + "\";");
        JobConfig c = JobConfig.load(List.of(), env);

        assertThat(c.toString()).doesNotContain(SECRET).contains("coinpulse.db.password=***",
                "kafka.sasl.jaas.config=***", "kafka.sasl.mechanism=SCRAM-SHA-512", "coinpulse.db.url=jdbc:mysql://db:3306/coinpulse");
        assertThat(c.db().toString()).doesNotContain(SECRET);
        assertThat(c.kafkaClient()).containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("kafka.sasl.jaas.config");

        env.put("COINPULSE_DB_URL", "jdbc:postgresql://coinpulse:" + SECRET + "@db/coinpulse");
        assertThatThrownBy(() -> JobConfig.load(List.of(), env)).hasMessageNotContaining(SECRET);
        assertThat(JobConfig.usage()).doesNotContain(SECRET);
    }

    @Test
    void eachQueryGetsItsOwnCheckpointDirectory() {
        assertThat(JobConfig.load(List.of(), requiredEnv()).checkpointOf("window-metrics-1m"))
                .isEqualTo("file:///var/lib/coinpulse/checkpoints/window-metrics-1m");
        Map<String, String> env = requiredEnv();
        env.put("COINPULSE_CHECKPOINT_PATH", "s3a://lake/checkpoints/stream");
        assertThat(JobConfig.load(List.of(), env).checkpointOf("window-metrics-5m"))
                .isEqualTo("s3a://lake/checkpoints/stream/window-metrics-5m");
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertThat(Setting.KAFKA_BOOTSTRAP_SERVERS.envName()).isEqualTo("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(Setting.KAFKA_FAIL_ON_DATA_LOSS.envName()).isEqualTo("COINPULSE_KAFKA_FAIL_ON_DATA_LOSS");
        assertThat(Setting.CHECKPOINT_PATH.envName()).isEqualTo("COINPULSE_CHECKPOINT_PATH");
        assertThat(Setting.KAFKA_SASL_JAAS_CONFIG.envName()).isEqualTo("KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    void durationsInTheNotationOfTheSpec() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("1.5m")).hasMessageContaining("not a duration");
    }

    @Test
    void redactionStripsCredentialsAndParameters() {
        assertThat(DbSettings.redact("jdbc:mysql://u:p@db:3306/coinpulse?user=u&password=p"))
                .isEqualTo("jdbc:mysql://db:3306/coinpulse");
        assertThat(DbSettings.redact("jdbc:mysql://127.0.0.1:3306/coinpulse")).isEqualTo("jdbc:mysql://127.0.0.1:3306/coinpulse");
    }

    @Test
    void theNewSettingsHaveTheirDefaults() {
        JobConfig c = JobConfig.load(List.of(), requiredEnv());

        assertThat(c.mode()).isEqualTo("stream");
        assertThat(c.lakePath()).isNull();
        assertThat(c.metricsTopic()).isEqualTo("crypto.metrics");
        assertThat(c.alertsTopic()).isEqualTo("crypto.alerts");
        assertThat(c.stateStore()).isEqualTo(StateStore.ROCKSDB);
        assertThat(c.plan()).isEqualTo(StreamPlan.ONE_PASS);
        assertThat(c.toString()).contains(" coinpulse.stream.plan=one-pass ");
        assertThat(c.dbRetryBudget()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.analytics()).isEqualTo(new AnalyticsSettings(List.of(5, 15), List.of(5, 15), List.of(15), 10, 4.0, 30, 10));
        assertThat(c.analytics().lookbackWindows()).isEqualTo(31);
        assertThat(c.range()).isNull();
        assertThat(c.kafkaProducerProperties()).containsExactlyEntriesOf(Map.of("bootstrap.servers", "127.0.0.1:9092"));
    }

    @Test
    void thePerSizePlanIsChosenByItsLabel() {
        Map<String, String> env = requiredEnv();
        env.put("COINPULSE_STREAM_PLAN", "Per-Size");
        assertThat(JobConfig.load(List.of(), env).plan()).isEqualTo(StreamPlan.PER_SIZE);
        assertThat(JobConfig.load(List.of("--coinpulse.stream.plan=one-pass"), env).plan()).isEqualTo(StreamPlan.ONE_PASS);
    }

    @Test
    void aBackfillNeedsTheLakeAndItsRangeButNeitherKafkaNorACheckpoint() {
        Map<String, String> env = new HashMap<>();
        env.put("COINPULSE_DB_URL", "jdbc:mysql://db:3306/coinpulse");
        env.put("COINPULSE_DB_USER", "coinpulse");
        assertThatThrownBy(() -> JobConfig.load("backfill", List.of(), env, java.time.Instant.now()))
                .hasMessageContainingAll("coinpulse.lake.path is required", "COINPULSE_LAKE_PATH",
                        "coinpulse.backfill.from is required", "coinpulse.backfill.to is required")
                .hasMessageNotContaining("kafka.bootstrap.servers").hasMessageNotContaining("coinpulse.checkpoint.path");

        env.put("COINPULSE_LAKE_PATH", "s3a://coinpulse-lake/lake");
        JobConfig c = JobConfig.load("backfill", List.of("--coinpulse.backfill.from=2026-03-01T00:00:00Z",
                "--coinpulse.backfill.to=1772409600000"), env, java.time.Instant.now());
        assertThat(c.range()).isEqualTo(new TimeRange(1_772_323_200_000L, 1_772_409_600_000L));
        assertThat(c.lakeOf("ticks")).isEqualTo("s3a://coinpulse-lake/lake/ticks");
        assertThat(c.backfillAnalytics()).isTrue();

        assertThatThrownBy(() -> JobConfig.load("backfill", List.of("--coinpulse.backfill.from=yesterday",
                "--coinpulse.backfill.to=2026-03-01T00:00:00Z"), env, java.time.Instant.now()))
                .hasMessageContaining("coinpulse.backfill.from 'yesterday' (from --coinpulse.backfill.from): expected an ISO-8601 instant");
        assertThatThrownBy(() -> JobConfig.load("backfill", List.of("--coinpulse.backfill.from=2026-03-02T00:00:00Z",
                "--coinpulse.backfill.to=2026-03-01T00:00:00Z"), env, java.time.Instant.now()))
                .hasMessageContaining("must be after coinpulse.backfill.from");
    }

    @Test
    void aComparisonWithOnlyALookbackEndsAtTheNewestWindowsEveryQueryHasFinalized() {
        Map<String, String> env = requiredEnv();
        env.put("COINPULSE_LAKE_PATH", "hdfs://namenode:8020/coinpulse/lake");
        env.put("COINPULSE_WINDOWS", "1m,5m");
        java.time.Instant now = java.time.Instant.parse("2026-03-02T01:30:20Z");

        JobConfig c = JobConfig.load("compare", List.of("--coinpulse.compare.lookback=24h"), env, now);

        // now - 30 s watermark - 5 m largest window = 01:24:50, down to a multiple of 5 m
        assertThat(c.range()).isEqualTo(new TimeRange(java.time.Instant.parse("2026-03-01T01:20:00Z").toEpochMilli(),
                java.time.Instant.parse("2026-03-02T01:20:00Z").toEpochMilli()));
        JobConfig explicit = JobConfig.load("compare", List.of("--coinpulse.compare.from=2026-03-01T00:00:00Z",
                "--coinpulse.compare.to=2026-03-01T00:10:00Z"), env, now);
        assertThat(explicit.range()).isEqualTo(new TimeRange(1_772_323_200_000L, 1_772_323_800_000L));
    }

    @Test
    void invalidAnalyticsAndStoreSettingsAreNamed() {
        Map<String, String> env = requiredEnv();
        env.put("COINPULSE_STATE_STORE", "memory");
        env.put("COINPULSE_STREAM_PLAN", "two-pass");
        env.put("COINPULSE_INDICATORS_SMA", "5,x,5");
        env.put("COINPULSE_INDICATORS_VOLATILITY", "1");
        env.put("COINPULSE_ALERTS_K", "-2");
        env.put("COINPULSE_ALERTS_MIN_HISTORY", "50");
        env.put("COINPULSE_TOPICS_METRICS", "bad topic");

        assertThatThrownBy(() -> JobConfig.load(List.of(), env))
                .hasMessageContainingAll("coinpulse.state-store 'memory' (from COINPULSE_STATE_STORE): expected rocksdb or hdfs",
                        "coinpulse.stream.plan 'two-pass' (from COINPULSE_STREAM_PLAN): expected one-pass or per-size",
                        "'x' is not a whole number", "'5': expected distinct whole numbers from 1 to 1440",
                        "coinpulse.indicators.volatility '1' (from COINPULSE_INDICATORS_VOLATILITY): '1': expected distinct whole numbers from 2",
                        "coinpulse.alerts.k '-2' (from COINPULSE_ALERTS_K): expected a positive number",
                        "coinpulse.alerts.min-history '50' (from COINPULSE_ALERTS_MIN_HISTORY): expected 2 to coinpulse.alerts.history (30)",
                        "coinpulse.topics.metrics 'bad topic'");
    }

    @Test
    void theLakesCatalogIsHadoopOverTheLakePathUnlessSetToJdbcOrRest() {
        Map<String, String> env = requiredEnv();
        env.put("COINPULSE_LAKE_PATH", "s3a://coinpulse-lake/lake");
        JobConfig hadoop = JobConfig.load(List.of(), env);
        assertThat(hadoop.lakeCatalog()).isEqualTo(new LakeCatalog(LakeCatalog.Type.HADOOP, null, null, null));
        assertThat(hadoop.lakeCatalog().sparkProperties(hadoop.lakePath()))
                .isEqualTo(Map.of("type", "hadoop", "warehouse", "s3a://coinpulse-lake/lake"));
        assertThat(hadoop.toString()).contains(" coinpulse.lake.catalog=hadoop ");

        // jdbc: the job's own database and credentials, unless a URI is given
        env.put("COINPULSE_LAKE_CATALOG", "jdbc");
        JobConfig jdbc = JobConfig.load(List.of(), env);
        assertThat(jdbc.lakeCatalog()).isEqualTo(new LakeCatalog(LakeCatalog.Type.JDBC, "jdbc:mysql://127.0.0.1:3306/coinpulse",
                "coinpulse", SECRET));
        assertThat(jdbc.lakeCatalog().sparkProperties(jdbc.lakePath())).containsEntry("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog")
                .containsEntry("uri", "jdbc:mysql://127.0.0.1:3306/coinpulse").containsEntry("jdbc.user", "coinpulse")
                .containsEntry("jdbc.password", SECRET).containsEntry("warehouse", "s3a://coinpulse-lake/lake");
        assertThat(jdbc.toString()).doesNotContain(SECRET).contains(" coinpulse.lake.catalog=jdbc coinpulse.lake.catalog-uri=jdbc:mysql://127.0.0.1:3306/coinpulse ");
        assertThat(jdbc.lakeCatalog().toString()).doesNotContain(SECRET);
        assertThat(JobConfig.load(List.of("--coinpulse.lake.catalog-uri=jdbc:mysql://catalog:3306/iceberg"), env).lakeCatalog().uri())
                .isEqualTo("jdbc:mysql://catalog:3306/iceberg");
        env.put("COINPULSE_LAKE_CATALOG_URI", "jdbc:postgresql://catalog:" + SECRET + "@db/iceberg");
        assertThatThrownBy(() -> JobConfig.load(List.of(), env)).hasMessageNotContaining(SECRET)
                .hasMessageContaining("coinpulse.lake.catalog-uri 'jdbc:postgresql://db/iceberg' (from COINPULSE_LAKE_CATALOG_URI):"
                        + " a jdbc catalog's URI is a jdbc:mysql://host:port/database URL");

        // rest: its endpoint is required
        env.remove("COINPULSE_LAKE_CATALOG_URI");
        env.put("COINPULSE_LAKE_CATALOG", "rest");
        assertThatThrownBy(() -> JobConfig.load(List.of(), env))
                .hasMessageContaining("coinpulse.lake.catalog-uri is required by coinpulse.lake.catalog=rest: --coinpulse.lake.catalog-uri=… or"
                        + " COINPULSE_LAKE_CATALOG_URI");
        JobConfig rest = JobConfig.load(List.of("--coinpulse.lake.catalog-uri=http://iceberg-rest:8181"), env);
        assertThat(rest.lakeCatalog().sparkProperties(rest.lakePath()))
                .isEqualTo(Map.of("type", "rest", "uri", "http://iceberg-rest:8181", "warehouse", "s3a://coinpulse-lake/lake"));

        env.put("COINPULSE_LAKE_CATALOG", "hive");
        assertThatThrownBy(() -> JobConfig.load(List.of(), env))
                .hasMessageContaining("coinpulse.lake.catalog 'hive' (from COINPULSE_LAKE_CATALOG): expected hadoop, jdbc or rest");
    }

    @Test
    void maintenanceNeedsTheLakeAndKeepsAWeekOfSnapshotsByDefault() {
        Map<String, String> env = new HashMap<>();
        env.put("COINPULSE_DB_URL", "jdbc:mysql://db:3306/coinpulse");
        env.put("COINPULSE_DB_USER", "coinpulse");
        assertThatThrownBy(() -> JobConfig.load("maintain", List.of(), env, java.time.Instant.now()))
                .hasMessageContaining("coinpulse.lake.path is required").hasMessageNotContaining("kafka.bootstrap.servers");

        env.put("COINPULSE_LAKE_PATH", "hdfs://namenode:8020/coinpulse/lake");
        JobConfig c = JobConfig.load("maintain", List.of(), env, java.time.Instant.now());
        assertThat(c.lakeRetention()).isEqualTo(new LakeRetention(Duration.ofDays(7), 100));
        assertThat(c.toString()).contains(" coinpulse.lake.snapshot-retention=7d coinpulse.lake.snapshots-kept=100 ");
        assertThat(JobConfig.load("maintain", List.of("--coinpulse.lake.snapshot-retention=36h", "--coinpulse.lake.snapshots-kept=5"), env,
                java.time.Instant.now()).lakeRetention()).isEqualTo(new LakeRetention(Duration.ofHours(36), 5));
        assertThatThrownBy(() -> JobConfig.load("maintain", List.of("--coinpulse.lake.snapshots-kept=0"), env, java.time.Instant.now()))
                .hasMessageContaining("coinpulse.lake.snapshots-kept '0' (from --coinpulse.lake.snapshots-kept): expected a positive whole number");
    }
}
