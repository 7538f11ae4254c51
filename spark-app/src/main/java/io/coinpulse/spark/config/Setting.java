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
    /** Upper bound of Kafka records per micro-batch; unset: everything available. */
    KAFKA_MAX_OFFSETS_PER_TRIGGER("coinpulse.kafka.max-offsets-per-trigger", null),
    /** Checkpoint root, a URI ({@code file://}, {@code hdfs://}, {@code s3a://}); one sub-directory per query; required. */
    CHECKPOINT_PATH("coinpulse.checkpoint.path", null),
    /** Allowed lateness: the watermark trails the largest event time seen by this much, e.g. {@code 30s}. */
    WATERMARK("coinpulse.watermark", "30s"),
    /** Window sizes, comma-separated, e.g. {@code 1m,5m,1h}; each is also its {@code window_size} label. */
    WINDOWS("coinpulse.windows", "1m"),
    /** Micro-batch trigger: an interval such as {@code 1s}, or {@code available-now} (process what is there, then stop). */
    TRIGGER("coinpulse.trigger", "1s"),
    /** {@code spark.sql.shuffle.partitions}: the state's partitioning, frozen into a checkpoint at its first start. */
    SHUFFLE_PARTITIONS("coinpulse.shuffle-partitions", "4"),
    /** JDBC URL of the MySQL or MariaDB database, {@code jdbc:mysql://host:port/coinpulse}; required. */
    DB_URL("coinpulse.db.url", null),
    /** Database user; required. */
    DB_USER("coinpulse.db.user", null),
    /** Database password; never logged. */
    DB_PASSWORD("coinpulse.db.password", ""),
    /** How long to wait at start for the {@code window_metrics} table (query-service's migrations create it). */
    DB_WAIT_TIMEOUT("coinpulse.db.wait-timeout", "10m");

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
        return this == KAFKA_BOOTSTRAP_SERVERS || this == CHECKPOINT_PATH || this == DB_URL || this == DB_USER;
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
