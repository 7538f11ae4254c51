package io.coinpulse.spark.config;

import java.util.Locale;

/**
 * Every setting the job reads: a {@code coinpulse.*}-style key, given as {@code --key=value}
 * argument or as the environment variable of the same name in upper case ({@code .} and {@code -}
 * become {@code _}), with its default. Arguments win over the environment.
 */
public enum Setting {

    /** Kafka bootstrap servers, {@code host:port[,host:port…]}; required. */
    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap.servers", null),
    /** Kafka client {@code security.protocol}: PLAINTEXT (unset), SSL, SASL_PLAINTEXT or SASL_SSL. */
    KAFKA_SECURITY_PROTOCOL("kafka.security.protocol", null),
    /** Kafka client {@code sasl.mechanism}, e.g. SCRAM-SHA-512. */
    KAFKA_SASL_MECHANISM("kafka.sasl.mechanism", null),
    /** Kafka client {@code sasl.jaas.config} (holds the password: never logged). */
    KAFKA_SASL_JAAS_CONFIG("kafka.sasl.jaas.config", null),
    /** Kafka client {@code ssl.truststore.type}, e.g. PEM. */
    KAFKA_SSL_TRUSTSTORE_TYPE("kafka.ssl.truststore.type", null),
    /** Kafka client {@code ssl.truststore.location}: the cluster CA, a path present on driver and executors. */
    KAFKA_SSL_TRUSTSTORE_LOCATION("kafka.ssl.truststore.location", null),
    /** Topic of canonical ticks (SPEC §3). */
    TOPICS_TICKS("coinpulse.topics.ticks", "crypto.ticks"),
    /**
     * Fail the stream when Kafka no longer holds offsets it has not read (retention, a re-created
     * topic); {@code false}: Spark logs a warning naming the lost range and goes on.
     */
    KAFKA_FAIL_ON_DATA_LOSS("coinpulse.kafka.fail-on-data-loss", "false"),
    /**
     * Upper bound of Kafka records per micro-batch. Bounded by default: after an outage the backlog
     * comes in batches of this size instead of one batch of everything, whose state-store writes
     * could exceed the RocksDB memory budget (Spark 3.5 fails the task then) and whose first result
     * would wait for all of it. 100,000 records are a few seconds of work on two cores.
     */
    KAFKA_MAX_OFFSETS_PER_TRIGGER("coinpulse.kafka.max-offsets-per-trigger", "100000"),
    /** Checkpoint root, a URI ({@code file://}, {@code hdfs://}, {@code s3a://}); one sub-directory per query; required. */
    CHECKPOINT_PATH("coinpulse.checkpoint.path", null),
    /** Allowed lateness: the watermark trails the largest event time seen by this much, e.g. {@code 30s}. */
    WATERMARK("coinpulse.watermark", "30s"),
    /** Window sizes, comma-separated, e.g. {@code 1m,5m,1h}; each is also its {@code window_size} label. */
    WINDOWS("coinpulse.windows", "1m"),
    /**
     * Micro-batch trigger: an interval such as {@code 1s}, or {@code available-now} (process what is
     * there, then stop). A window update waits up to one interval before its batch starts, so the
     * default is short: freshness (issue 7: p99 under 1 s) is up to the interval plus a batch.
     */
    TRIGGER("coinpulse.trigger", "250ms"),
    /**
     * {@code spark.sql.shuffle.partitions}: the state's partitioning, frozen into a checkpoint at its
     * first start; unset: the cores Spark runs on (its default parallelism), as more partitions than
     * cores only add per-batch state-store work.
     */
    SHUFFLE_PARTITIONS("coinpulse.shuffle-partitions", null),
    /** JDBC URL of the MySQL or MariaDB database, {@code jdbc:mysql://host:port/coinpulse}; required. */
    DB_URL("coinpulse.db.url", null),
    /** Database user; required. */
    DB_USER("coinpulse.db.user", null),
    /** Database password; never logged. */
    DB_PASSWORD("coinpulse.db.password", ""),
    /** How long to wait at start for the {@code window_metrics} table (query-service's migrations create it). */
    DB_WAIT_TIMEOUT("coinpulse.db.wait-timeout", "10m"),
    /**
     * How long a micro-batch keeps retrying its database writes (exponential backoff) before the
     * stream fails: a database away for less than this only delays the stream.
     */
    DB_RETRY_BUDGET("coinpulse.db.retry-budget", "5m"),
    /**
     * Lake root, a URI ({@code file://}, {@code hdfs://}, {@code s3a://}): the warehouse of the lake's
     * Iceberg tables; required by backfill, compare and maintain, unset: the stream writes no lake.
     */
    LAKE_PATH("coinpulse.lake.path", null),
    /**
     * Catalog of the lake's Iceberg tables ({@link LakeCatalog}): {@code hadoop} (metadata files in
     * the lake path), {@code jdbc} (Iceberg's JDBC catalog, by default in the job's own database) or
     * {@code rest} (an Iceberg REST catalog).
     */
    LAKE_CATALOG("coinpulse.lake.catalog", "hadoop"),
    /** URI of the lake's catalog: jdbc, a MySQL JDBC URL (unset: {@code coinpulse.db.url}); rest, its endpoint (required). */
    LAKE_CATALOG_URI("coinpulse.lake.catalog-uri", null),
    /** Mode maintain: lake snapshots older than this are expired (with the files only they reference). */
    LAKE_SNAPSHOT_RETENTION("coinpulse.lake.snapshot-retention", "7d"),
    /** Mode maintain: this many of each lake table's newest snapshots are kept, whatever their age. */
    LAKE_SNAPSHOTS_KEPT("coinpulse.lake.snapshots-kept", "100"),
    /**
     * Micro-batch trigger of the lake writers when the stream runs on an interval: the lake is read
     * in batch (backfill, compare), so it need not be fresh, and fewer, larger lake batches leave the
     * cores to the window-metrics query; with {@code available-now} the lake writers use it too.
     */
    LAKE_TRIGGER("coinpulse.lake.trigger", "10s"),
    /** Topic every window update is published to as JSON (docs/CONTRACTS.md). */
    TOPICS_METRICS("coinpulse.topics.metrics", "crypto.metrics"),
    /** Topic anomaly alerts are published to as JSON (docs/CONTRACTS.md). */
    TOPICS_ALERTS("coinpulse.topics.alerts", "crypto.alerts"),
    /**
     * Layout of mode stream ({@link StreamPlan}): {@code one-pass} (one query, partial windows merged into
     * the stored ones per micro-batch) or {@code per-size} (a stateful aggregation query per window size).
     */
    STREAM_PLAN("coinpulse.stream.plan", "one-pass"),
    /** Streaming state store: {@code rocksdb} (off-heap, sized for 10,000+ assets) or {@code hdfs} (on-heap); frozen into a checkpoint at its first start. */
    STATE_STORE("coinpulse.state-store", "rocksdb"),
    /** Periods (in 1m windows) of the simple moving averages of close, comma-separated: indicators {@code sma_<n>}. */
    INDICATORS_SMA("coinpulse.indicators.sma", "5,15"),
    /** Periods (in 1m windows) of the exponential moving averages of close: indicators {@code ema_<n>}. */
    INDICATORS_EMA("coinpulse.indicators.ema", "5,15"),
    /** Spans (in 1m log returns) of the volatility, the sample standard deviation of returns: indicators {@code volatility_<n>}. */
    INDICATORS_VOLATILITY("coinpulse.indicators.volatility", "15"),
    /** How many gainers and how many losers over 5m are ranked per 1m window boundary (table {@code movers}). */
    MOVERS_TOP("coinpulse.movers.top", "10"),
    /** An alert is raised when a 1m log return or quote volume is more than this many standard deviations from its recent history. */
    ALERTS_K("coinpulse.alerts.k", "4"),
    /** The recent history of an alert: this many 1m windows before the window tested. */
    ALERTS_HISTORY("coinpulse.alerts.history", "30"),
    /** No alert is raised from fewer history values than this. */
    ALERTS_MIN_HISTORY("coinpulse.alerts.min-history", "10"),
    /** Backfill: first window start of the range, ISO-8601 ({@code 2026-03-01T00:00:00Z}) or epoch ms; required by backfill. */
    BACKFILL_FROM("coinpulse.backfill.from", null),
    /** Backfill: end of the range (exclusive, on window start), ISO-8601 or epoch ms; required by backfill. */
    BACKFILL_TO("coinpulse.backfill.to", null),
    /** Backfill: recompute the derived analytics of the backfilled 1m windows too. */
    BACKFILL_ANALYTICS("coinpulse.backfill.analytics", "true"),
    /** Compare: start of the range, ISO-8601 or epoch ms; unset: {@code to} minus the lookback. */
    COMPARE_FROM("coinpulse.compare.from", null),
    /** Compare: end of the range (exclusive, on window start); unset: now, down to the minute, minus the watermark and a window. */
    COMPARE_TO("coinpulse.compare.to", null),
    /** Compare: length of the range when {@code from} is unset, e.g. {@code 24h}. */
    COMPARE_LOOKBACK("coinpulse.compare.lookback", "24h");

    private final String key;
    private final String defaultValue;

    Setting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** The key, e.g. {@code coinpulse.watermark}; as an argument {@code --coinpulse.watermark=30s}. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code COINPULSE_WATERMARK}. */
    public String envName() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The default, or null: required (see {@link #required()}) or unset. */
    public String defaultValue() {
        return defaultValue;
    }

    /** True for settings without which the job does not start. */
    public boolean required() {
        return this == DB_URL || this == DB_USER;
    }

    /** True for settings a mode cannot run without; the usage text names the modes. */
    public boolean requiredBy(String mode) {
        return switch (this) {
            case DB_URL, DB_USER -> true;
            case KAFKA_BOOTSTRAP_SERVERS, CHECKPOINT_PATH -> mode.equals("stream");
            case LAKE_PATH -> !mode.equals("stream");
            case BACKFILL_FROM, BACKFILL_TO -> mode.equals("backfill");
            default -> false;
        };
    }

    /** True for values that must never be printed. */
    public boolean secret() {
        return this == DB_PASSWORD || this == KAFKA_SASL_JAAS_CONFIG;
    }

    /** True for the Kafka client settings handed to the Kafka source as they are ({@code kafka.*} options). */
    public boolean kafkaClient() {
        return key.startsWith("kafka.") && this != KAFKA_BOOTSTRAP_SERVERS;
    }
}
