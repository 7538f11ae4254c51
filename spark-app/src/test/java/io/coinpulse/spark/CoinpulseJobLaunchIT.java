package io.coinpulse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.devstack.Database;
import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.testing.SampleDataset;
import io.coinpulse.spark.testing.TestDatabase;
import io.coinpulse.spark.testing.WindowComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The packaged job, started the two ways it is run: by the launcher ({@code java … -cp
 * spark-app.jar:$(cat spark-app.classpath) io.coinpulse.spark.CoinpulseJob stream}, configured by
 * the environment), and as {@code spark-submit} would, the {@code -all} jar on nothing but Spark's
 * own jars. Every line of the sample file goes in, the invalid ones too: the job must skip them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoinpulseJobLaunchIT {

    private static final String MAIN = "io.coinpulse.spark.CoinpulseJob";
    private static final Duration CONVERGE = Duration.ofMinutes(4);

    private final Path work = Path.of("target", "it", "launch-" + System.currentTimeMillis()).toAbsolutePath();
    private KafkaBroker broker;
    private Database database;

    @BeforeAll
    void startParts() throws Exception {
        CompletableFuture<Database> db = CompletableFuture.supplyAsync(() -> TestDatabase.startEmbedded(work.resolve("mariadb")));
        broker = KafkaBroker.start(work.resolve("kafka"));
        broker.createTopics(Map.of("crypto.ticks", 3, "crypto.metrics", 3, "crypto.alerts", 1));
        database = db.join();
        produceEveryLine();
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

    @Test
    void theLauncherCommandLineStreamsTheSampleIntoTheExpectedRowsAndStopsCleanlyOnSigterm() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "coinpulse_launch");
        List<String> command = java(Path.of(System.getProperty("coinpulse.spark.jar")) + ":"
                + classpath("coinpulse.spark.classpath-file"));
        Map<String, String> env = env(db, "launcher");
        Path log = work.resolve("launcher.log");

        JavaProcess job = JavaProcess.start("spark", command, env, log);
        try {
            List<String> differences = awaitExpectedRows(db, job);
            assertThat(differences).as("window_metrics vs. the expected windows; log:\n%s", job.logTail(40)).isEmpty();
        } finally {
            job.stop(60);
        }
        assertThat(job.isAlive()).isFalse();
        String output = Files.readString(log);
        assertThat(output)
                .contains("coinpulse stream: kafka.bootstrap.servers=" + broker.bootstrapServers())
                .contains("coinpulse.db.password=***")
                .contains("window-metrics-1m batch 0: 7315 records in")
                .contains("invalid records skipped", "; 37 since start")
                .contains("shutting down: stopping 1 queries")
                .doesNotContain(db.password())
                .doesNotContain("late records dropped")
                .doesNotContain(" ERROR ");
        // the one query (plan one-pass, the default) held its small batches for the lake (a commit every 10 s at most):
        // stopped by SIGTERM, it left them on disk, and its next run commits them as it starts
        Path held = work.resolve("checkpoints-launcher").resolve("one-pass").resolve("lake-buffer");
        env.put("COINPULSE_TRIGGER", "available-now");
        JavaProcess again = JavaProcess.start("spark-again", command, env, work.resolve("launcher-again.log"));
        assertThat(again.process().waitFor(CONVERGE.toSeconds(), TimeUnit.SECONDS)).as("finished").isTrue();
        assertThat(again.process().exitValue()).as("exit code; log:\n%s", again.logTail(40)).isZero();
        assertThat(held).isEmptyDirectory();
        // the lake's Iceberg tables (Hadoop catalog): ticks by hour
        Path tables = work.resolve("lake-launcher").resolve("coinpulse");
        assertThat(tables.resolve("ticks").resolve("data").resolve("event_time_hour=2026-03-01-00")).isDirectoryContaining("glob:**.parquet");
        assertThat(tables.resolve("ticks").resolve("metadata")).isDirectoryContaining("glob:**.metadata.json");
        assertThat(tables.resolve("window_metrics").resolve("metadata")).isDirectoryContaining("glob:**.metadata.json");
    }

    @Test
    void theShadedJarRunsOnSparkAloneAsUnderSparkSubmit() throws Exception {
        DbSettings db = TestDatabase.createSchema(database, "coinpulse_shaded");
        List<String> command = java(Path.of(System.getProperty("coinpulse.spark.shaded-jar")) + ":"
                + classpath("coinpulse.spark.provided-classpath-file"));
        Map<String, String> env = env(db, "shaded");
        env.put("COINPULSE_TRIGGER", "available-now");
        Path log = work.resolve("shaded.log");

        JavaProcess job = JavaProcess.start("spark-shaded", command, env, log);
        assertThat(job.process().waitFor(CONVERGE.toSeconds(), TimeUnit.SECONDS)).as("finished").isTrue();
        assertThat(job.process().exitValue()).as("exit code; log:\n%s", job.logTail(40)).isZero();
        assertThat(WindowComparison.differences(SampleDataset.expected1m(), TestDatabase.windowMetrics(db))).isEmpty();
    }

    @Test
    void aBadConfigurationExitsWithCode2AndSaysWhatIsWrong() throws Exception {
        List<String> command = java(Path.of(System.getProperty("coinpulse.spark.jar")) + ":"
                + classpath("coinpulse.spark.classpath-file"));
        Map<String, String> env = new HashMap<>();
        env.put("COINPULSE_WATERMARK", "soon");
        Path log = work.resolve("bad-config.log");

        JavaProcess job = JavaProcess.start("spark-bad-config", command, env, log);
        assertThat(job.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(job.process().exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("coinpulse stream: invalid configuration",
                "kafka.bootstrap.servers is required: --kafka.bootstrap.servers=… or KAFKA_BOOTSTRAP_SERVERS",
                "coinpulse.watermark 'soon' (from COINPULSE_WATERMARK): 'soon' is not a duration",
                "COINPULSE_CHECKPOINT_PATH");
    }

    /** Like the launcher: the add-opens list, local master, the classpath, the main class, mode stream. */
    private static List<String> java(String classpath) {
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaExecutable(), "-Xmx1g"));
        command.addAll(Arrays.asList(System.getProperty("coinpulse.spark.jvm-opens").trim().split("\\s+")));
        command.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-cp", classpath, MAIN, "stream"));
        return command;
    }

    private static String classpath(String property) throws IOException {
        return Files.readString(Path.of(System.getProperty(property))).trim();
    }

    private Map<String, String> env(DbSettings db, String name) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("COINPULSE_DB_URL", db.url());
        env.put("COINPULSE_DB_USER", db.user());
        env.put("COINPULSE_DB_PASSWORD", db.password());
        env.put("COINPULSE_CHECKPOINT_PATH", work.resolve("checkpoints-" + name).toUri().toString());
        env.put("COINPULSE_LAKE_PATH", work.resolve("lake-" + name).toUri().toString());
        env.put("COINPULSE_WATERMARK", "30s");
        env.put("COINPULSE_WINDOWS", "1m");
        return env;
    }

    /** Polls window_metrics until it equals the expected windows, final flags included. */
    private List<String> awaitExpectedRows(DbSettings db, JavaProcess job) throws Exception {
        long watermark = SampleDataset.maxEventTime() - 30_000;
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        List<String> differences = List.of("no rows yet");
        while (System.nanoTime() < deadline && job.isAlive()) {
            try {
                List<Map<String, Object>> rows = TestDatabase.windowMetrics(db);
                differences = new ArrayList<>(WindowComparison.differences(SampleDataset.expected1m(), rows));
                for (Map<String, Object> r : rows) {
                    boolean expectedFinal = (Long) r.get("window_end") <= watermark;
                    if (!Boolean.valueOf(expectedFinal).equals(r.get("is_final"))) {
                        differences.add(r.get("asset") + "/" + r.get("window_start") + " is_final " + r.get("is_final"));
                    }
                }
                if (differences.isEmpty()) {
                    return differences;
                }
            } catch (java.sql.SQLException e) {
                differences = List.of(e.getMessage());
            }
            Thread.sleep(2000);
        }
        if (!job.isAlive()) {
            differences = new ArrayList<>(differences);
            differences.add("the job exited with code " + job.process().exitValue());
        }
        return differences;
    }

    private void produceEveryLine() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String line : SampleDataset.lines()) {
                String key;
                try {
                    JsonNode asset = json.readTree(line).path("asset");
                    key = asset.isTextual() ? asset.asText() : null;
                } catch (IOException e) {
                    key = null;
                }
                producer.send(new ProducerRecord<>("crypto.ticks", key, line));
            }
            producer.flush();
        }
    }
}
