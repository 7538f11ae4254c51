package io.coinpulse.spark;

import io.coinpulse.spark.analytics.AnalyticsWorker;
import io.coinpulse.spark.analytics.DerivedAnalytics;
import io.coinpulse.spark.analytics.PendingSeries;
import io.coinpulse.spark.batch.Backfill;
import io.coinpulse.spark.batch.Compare;
import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.StateStore;
import io.coinpulse.spark.config.StreamPlan;
import io.coinpulse.spark.fs.NoForkLocalFs;
import io.coinpulse.spark.kafka.KafkaPublisher;
import io.coinpulse.spark.lake.LakeLayoutException;
import io.coinpulse.spark.lake.LakeMaintenance;
import io.coinpulse.spark.monitor.LateRecordCounter;
import io.coinpulse.spark.monitor.MonitorRepository;
import io.coinpulse.spark.monitor.StreamMonitor;
import io.coinpulse.spark.monitor.StreamGauges;
import io.coinpulse.spark.monitor.TaskMetricsListener;
import io.coinpulse.spark.sink.TableNotReadyException;
import io.coinpulse.spark.sink.WindowMetricsRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coinpulse Spark job.
 *
 * <pre>
 * Usage: CoinpulseJob &lt;mode&gt; [--key=value…]
 *   stream    crypto.ticks → event-time window metrics → window_metrics (MySQL/MariaDB), derived analytics,
 *             crypto.metrics, crypto.alerts and the lake (Iceberg tables), until stopped
 *   backfill  the windows of [coinpulse.backfill.from, coinpulse.backfill.to) recomputed from the lake's raw ticks
 *   compare   stream versus batch over a time range: latency, throughput, resources, accuracy
 *   maintain  the lake's small files compacted, its old snapshots expired
 * </pre>
 *
 * Settings come from {@code --key=value} arguments, else the environment ({@link JobConfig}). The
 * master is not set here: {@code spark-submit --master …}, or {@code -Dspark.master=local[2]} for
 * local runs.
 */
public final class CoinpulseJob {

    /** The modes. */
    public static final List<String> MODES = JobConfig.MODES;

    private static final Logger LOG = LoggerFactory.getLogger(CoinpulseJob.class);
    /** Runs before Spark's own shutdown hook (Hadoop priority 40) stops the SparkContext. */
    private static final int SHUTDOWN_PRIORITY = 100;
    private static final Duration LISTENER_DRAIN = Duration.ofSeconds(30);
    /** How long the end of a run waits for the derived analytics of its last micro-batches. */
    private static final Duration ANALYTICS_DRAIN = Duration.ofMinutes(5);
    /** The same on SIGTERM: within the pod's grace period; what is left stays marked for the next start. */
    private static final Duration ANALYTICS_DRAIN_ON_SHUTDOWN = Duration.ofSeconds(20);
    /**
     * Memory of all RocksDB state stores together: block cache and memtables (eight instances: two
     * stateful operators of two queries, two partitions each). Spark 3.5 enforces it strictly: a
     * write that finds the cache full fails its task ("Insert failed due to LRU cache being full").
     * 128 MiB did that at 10,000 assets and 75,000-record batches (40,000 window rows each), as a
     * backlog after a restart would; the state itself is a few tens of MiB.
     */
    private static final int ROCKSDB_MEMORY_MB = 256;

    private CoinpulseJob() {
    }

    public static void main(String[] args) throws Exception {
        // check arguments
        if (args.length < 1 || !MODES.contains(args[0])) {
            System.err.println("Usage: CoinpulseJob <mode> [--key=value…]\n  modes: " + String.join(", ", MODES)
                    + "\n" + JobConfig.usage());
            System.exit(2);
        }
        String mode = args[0];
        JobConfig config;
        try {
            config = JobConfig.load(mode, Arrays.asList(args).subList(1, args.length), System.getenv(), Instant.now());
        } catch (IllegalArgumentException e) {
            System.err.println("coinpulse " + mode + ": " + e.getMessage() + "\n" + JobConfig.usage());
            System.exit(2);
            return;
        }
        LOG.info("coinpulse {}: {}", mode, config);

        // build the session
        SparkSession.Builder builder = SparkSession.builder()
                .appName("coinpulse-" + mode)
                .config("spark.sql.session.timeZone", "UTC");
        NoForkLocalFs.SPARK_CONF.forEach(builder::config);
        statusRetention(new SparkConf()).forEach(builder::config);
        StreamGauges.defaults(new SparkConf()).forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        spark.conf().set("spark.sql.shuffle.partitions", shufflePartitions(spark, config));

        // read, transform, write, await: per mode
        int exitCode = 0;
        try {
            switch (mode) {
                case "stream" -> stream(spark, config);
                case "backfill" -> Backfill.run(spark, config);
                case "compare" -> Compare.run(spark, config, System.out);
                case "maintain" -> LakeMaintenance.run(spark, config);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        } catch (TableNotReadyException | LakeLayoutException e) {
            LOG.error("coinpulse {} failed: {}", mode, e.getMessage());
            exitCode = 1;
        } catch (Exception e) {
            LOG.error("coinpulse {} failed: {}", mode, e.getMessage(), e);
            exitCode = 1;
        } finally {
            spark.stop();
        }
        System.exit(exitCode);
    }

    /**
     * Mode {@code stream}: the queries of {@code coinpulse.stream.plan} ({@link StreamQueries}): one
     * query feeding every sink (one-pass), or per window size a window query and a lake query plus a
     * raw-tick lake query (per-size). Runs until they stop (a SIGTERM, or the end of the data with
     * trigger {@code available-now}).
     *
     * @throws StreamingQueryException when a query fails
     * @throws TableNotReadyException when the table does not appear in time
     */
    public static void stream(SparkSession spark, JobConfig config) throws TimeoutException, StreamingQueryException {
        configureStreaming(spark, config);
        WindowMetricsRepository repository = new WindowMetricsRepository(config.db());
        repository.awaitTable(config.dbWaitTimeout());
        Map<String, String> kafkaOptions = new HashMap<>(config.kafkaClient());
        kafkaOptions.put("kafka.bootstrap.servers", config.bootstrapServers());
        KafkaPublisher publisher = new KafkaPublisher(config.kafkaProducerProperties(), config.metricsTopic(), config.alertsTopic());
        TaskMetricsListener tasks = new TaskMetricsListener();
        spark.sparkContext().addSparkListener(tasks);
        StreamMonitor monitor = new StreamMonitor(new MonitorRepository(config.db()),
                new LateRecordCounter(spark, kafkaOptions, config.ticksTopic()), tasks);
        spark.streams().addListener(monitor);
        AnalyticsWorker analytics = config.windows().stream().anyMatch(w -> w.label().equals("1m"))
                ? new AnalyticsWorker(new DerivedAnalytics(config.db(), config.analytics()), new PendingSeries(config.db()),
                        publisher::publishAlerts, config.dbRetryBudget()).start()
                : null;
        List<StreamingQuery> queries = new CopyOnWriteArrayList<>();
        StreamQueries.Sinks sinks = new StreamQueries.Sinks(monitor, analytics, publisher);
        Runnable stopOnShutdown = () -> {
            LOG.info("shutting down: stopping {} queries", queries.size());
            stopAll(queries);
            drain(analytics, ANALYTICS_DRAIN_ON_SHUTDOWN);
        };
        ShutdownHookManager.get().addShutdownHook(stopOnShutdown, SHUTDOWN_PRIORITY);
        try {
            // read
            DataStreamReader kafka = spark.readStream().format("kafka")
                    .options(kafkaOptions)
                    .option("subscribe", config.ticksTopic())
                    .option("startingOffsets", "earliest")
                    .option("failOnDataLoss", config.failOnDataLoss())
                    .option("groupIdPrefix", "coinpulse-spark")
                    .option("maxOffsetsPerTrigger", config.maxOffsetsPerTrigger());
            Dataset<Row> records = kafka.load();

            // transform, write; a query of this session that failed before this run must not end it
            spark.streams().resetTerminated();
            queries.addAll(config.plan() == StreamPlan.ONE_PASS ? StreamQueries.onePass(spark, records, config, sinks)
                    : StreamQueries.perSize(spark, records, config, sinks));

            // await
            awaitAll(spark, queries, monitor);
            drain(analytics, ANALYTICS_DRAIN);
        } finally {
            stopAll(queries);
            // no commit while the JVM shuts down (Iceberg cannot start its threads then): the next run commits what is held
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
                sinks.flushLakes();
            }
            if (analytics != null) {
                try {
                    analytics.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!ShutdownHookManager.get().isShutdownInProgress()) {
                ShutdownHookManager.get().removeShutdownHook(stopOnShutdown);
            }
            spark.streams().removeListener(monitor);
            spark.sparkContext().removeSparkListener(tasks);
            publisher.close();
        }
    }

    /**
     * Session settings of the streaming queries: the shuffle partitions (the state's partitioning) and
     * the state store provider (RocksDB by default, with changelog checkpointing). Both are frozen
     * into a checkpoint at its first start: a restart goes on with the checkpoint's.
     */
    public static void configureStreaming(SparkSession spark, JobConfig config) {
        spark.conf().set("spark.sql.shuffle.partitions", shufflePartitions(spark, config));
        spark.conf().set("spark.sql.streaming.stateStore.providerClass", config.stateStore().providerClass());
        if (config.stateStore() == StateStore.ROCKSDB) {
            spark.conf().set("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
            // one block cache and write-buffer budget shared by every RocksDB instance (two stateful
            // operators per query, one instance per partition), instead of 64 MiB memtables each
            spark.conf().set("spark.sql.streaming.stateStore.rocksdb.boundedMemoryUsage", "true");
            spark.conf().set("spark.sql.streaming.stateStore.rocksdb.maxMemoryUsageMB", String.valueOf(ROCKSDB_MEMORY_MB));
            // the total row count costs a RocksDB read before every write and delete; nothing reads it
            spark.conf().set("spark.sql.streaming.stateStore.rocksdb.trackTotalNumberOfRows", "false");
        }
    }

    /**
     * How much finished work Spark keeps for its UI and status API, unless the submitted conf says:
     * by default 1,000 jobs, stages and SQL executions (each with its plan) and 100,000 tasks, which a
     * stream job with several micro-batches a second fills within minutes and then holds for good —
     * hundreds of MiB of heap the collector has to copy and scan, with the UI off too (the status
     * store is fed either way).
     */
    static final Map<String, String> STATUS_RETENTION = Map.of(
            "spark.ui.retainedJobs", "100",
            "spark.ui.retainedStages", "100",
            "spark.ui.retainedTasks", "2000",
            "spark.sql.ui.retainedExecutions", "50");

    /** The {@link #STATUS_RETENTION} settings the submitted conf (spark-submit's, system properties) leaves unset. */
    static Map<String, String> statusRetention(SparkConf submitted) {
        Map<String, String> unset = new HashMap<>(STATUS_RETENTION);
        unset.keySet().removeIf(submitted::contains);
        return unset;
    }

    /** {@code coinpulse.shuffle-partitions}, or when unset the cores Spark runs on. */
    static int shufflePartitions(SparkSession spark, JobConfig config) {
        return config.shufflePartitions() > 0 ? config.shufflePartitions() : Math.max(1, spark.sparkContext().defaultParallelism());
    }

    /** Returns once every query has stopped; throws the first failure. */
    private static void awaitAll(SparkSession spark, List<StreamingQuery> queries, StreamMonitor monitor)
            throws StreamingQueryException {
        while (queries.stream().anyMatch(StreamingQuery::isActive)) {
            spark.streams().awaitAnyTermination();
            spark.streams().resetTerminated();
        }
        for (StreamingQuery q : queries) {
            if (q.exception().isDefined()) {
                throw q.exception().get();
            }
            if (!q.name().startsWith("window-metrics-")) {
                continue;
            }
            try {
                if (!monitor.awaitTerminated(q.id(), LISTENER_DRAIN)) {
                    LOG.warn("{}: its last progress reports were not handled within {} s", q.name(), LISTENER_DRAIN.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits for the derived analytics of everything the queries wrote, and logs how long that took
     * (the benchmark reads the line). What is not done in time stays marked for the next start.
     */
    private static void drain(AnalyticsWorker analytics, Duration timeout) {
        if (analytics == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            if (analytics.drain(timeout)) {
                LOG.info("derived analytics drained in {} ms", (System.nanoTime() - started) / 1_000_000);
            } else if (analytics.failure() == null) {
                LOG.warn("derived analytics not drained within {} s: the series still pending are recomputed at the next start",
                        timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopAll(List<StreamingQuery> queries) {
        for (StreamingQuery q : List.copyOf(queries)) {
            try {
                q.stop();
            } catch (TimeoutException e) {
                LOG.warn("{} did not stop in time: {}", q.name(), e.getMessage());
            }
        }
    }
}
