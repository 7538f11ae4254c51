package io.coinpulse.launcher;

import io.coinpulse.devstack.Database;
import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.devstack.Ports;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The whole pipeline on real parts, on one machine: a KRaft Kafka broker, MariaDB (or an external
 * MySQL), query-service, the Spark job in local mode and ingest-service, each its own process with
 * its log under {@code <workDir>/logs}. {@code ./coinpulse up} and the end-to-end tests both use it.
 */
public final class Stack implements AutoCloseable {

    /** Topic name → partitions, SPEC §1 and docs/CONTRACTS.md. */
    public static final Map<String, Integer> TOPICS = orderedTopics();

    private final Options options;
    private final Consumer<String> status;
    private final Map<String, String> env = new LinkedHashMap<>();
    private KafkaBroker broker;
    /** With {@link Options#cluster()}: three Kafka nodes and Spark standalone instead of one broker and local mode. */
    private ClusterTopology cluster;
    private Database database;
    private JavaProcess query;
    private SparkSupervisor spark;
    private JavaProcess ingest;
    private ProcessRegistry registry;
    private PartStarter parts;
    private int queryPort;
    private int queryManagementPort;
    private int sparkMetricsPort;
    private int ingestPort;

    /**
     * @param home the repository root (where the built modules are)
     * @param workDir data and logs
     * @param env configuration (SPEC §7 variables) on top of this process's environment
     * @param queryPort 0 for a free port
     * @param ingestPort 0 for a free port
     * @param kafkaPort 0 for a free port
     * @param kafkaSecurity the broker as the chart runs it: SASL_SSL with SCRAM-SHA-512 and the ACLs of
     *     {@code k8s/base/kafka/users.yaml}, each service connecting as its own KafkaUser; false: PLAINTEXT
     * @param cluster three KRaft Kafka nodes (replication 3) and a Spark standalone cluster the job is
     *     submitted to ({@link ClusterTopology}); false: one broker and Spark in local mode
     */
    public record Options(Path home, Path workDir, Map<String, String> env, int queryPort, int ingestPort,
            int kafkaPort, boolean kafkaSecurity, boolean cluster) {

        public Options {
            if (kafkaSecurity && cluster) {
                throw new IllegalArgumentException("Kafka security runs on the single broker only, not with --cluster");
            }
        }

        public Options(Path home, Path workDir, Map<String, String> env, int queryPort, int ingestPort, int kafkaPort,
                boolean kafkaSecurity) {
            this(home, workDir, env, queryPort, ingestPort, kafkaPort, kafkaSecurity, false);
        }

        /** PLAINTEXT Kafka on 127.0.0.1, the local default. */
        public Options(Path home, Path workDir, Map<String, String> env, int queryPort, int ingestPort, int kafkaPort) {
            this(home, workDir, env, queryPort, ingestPort, kafkaPort, false);
        }
    }

    /** The KafkaUser of each component (k8s/base/kafka/users.yaml), as the chart gives them. */
    static final String INGEST_USER = "coinpulse-ingest";
    static final String SPARK_USER = "coinpulse-spark";
    static final String QUERY_USER = "coinpulse-query";

    private Stack(Options options, Consumer<String> status) {
        this.options = options;
        this.status = status;
    }

    /** Starts every part in dependency order and returns once the query API answers. */
    public static Stack start(Options options, Consumer<String> status) {
        Stack stack = new Stack(options, status);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        Path work = options.workDir().toAbsolutePath();
        // the ports given first, so no free port chosen here is one of them
        int managementSetting = portSetting("COINPULSE_MANAGEMENT_PORT");
        int metricsSetting = portSetting("COINPULSE_METRICS_PORT");
        Ports.reserve(options.queryPort(), options.ingestPort(), options.kafkaPort(), managementSetting, metricsSetting);
        queryPort = options.queryPort() == 0 ? Ports.free() : options.queryPort();
        ingestPort = options.ingestPort() == 0 ? Ports.free() : options.ingestPort();
        queryManagementPort = managementSetting == 0 ? Ports.free() : managementSetting;
        sparkMetricsPort = metricsSetting == 0 ? Ports.free() : metricsSetting;

        registry = new ProcessRegistry(work.resolve("run"));
        registry.reapStale(status);
        StackRecord.remove(work.resolve("run"));
        parts = new PartStarter(options.home(), work.resolve("logs"), registry);

        startBroker(work);
        startDatabase(work);

        setEnvironment(work);

        status.accept("starting query-service on port " + queryPort);
        Map<String, String> queryEnv = serviceEnvironment(QUERY_USER);
        // the dashboard's pipeline strip shows each ingest source's state from ingest's source health
        queryEnv.put("COINPULSE_INGEST_URL", ingestUrl());
        query = parts.startQuarkus("query-service", "query-service", queryPort, queryManagementPort, queryEnv);
        parts.awaitHttp(query, queryManagementUrl() + "/q/health/ready");

        if (cluster != null) {
            cluster.startSpark(status);
        }
        status.accept("starting the Spark job (" + sparkMode() + ")");
        Map<String, String> sparkEnv = serviceEnvironment(SPARK_USER);
        sparkEnv.put("COINPULSE_METRICS_PORT", Integer.toString(sparkMetricsPort));
        spark = new SparkSupervisor(() -> cluster != null
                ? parts.recorded(cluster.submitJob(sparkEnv, work.resolve("logs/spark.log")))
                : parts.startSpark(orDefault("COINPULSE_SPARK_MASTER", "local[2]"), sparkEnv), sparkMode(), status);
        spark.start();

        // unset: ingest's default 'auto' (the keyless live sources, or synthetic data without network)
        status.accept("starting ingest-service on port " + ingestPort + " (sources: "
                + orDefault("COINPULSE_INGEST_SOURCES", "auto") + ")");
        startIngest();

        parts.awaitHttp(query, queryUrl() + "/api/v1/assets");
        if (!spark.current().isAlive()) {
            throw new IllegalStateException("the Spark job exited: " + spark.current().logTail(30));
        }
        spark.watch();
        new StackRecord(ProcessHandle.current().pid(), queryUrl(), queryManagementUrl(), ingestUrl(),
                bootstrapServers(), broker != null && broker.isSecure(),
                database.isEmbedded() ? database.port() : 0, env.get("COINPULSE_CHECKPOINT_PATH"))
                .write(work.resolve("run"));
    }

    /** Starts ingest-service; it serves nothing but health and metrics: its port is the management interface's. */
    private void startIngest() {
        ingest = parts.startQuarkus("ingest-service", "ingest-service", Ports.free(), ingestPort,
                serviceEnvironment(INGEST_USER));
        parts.awaitHttp(ingest, ingestUrl() + "/q/health/live");
    }

    /**
     * Starts ingest-service again on its port and journal, as a supervisor would after it died (a {@code kill -9}
     * included): its journal is published, and a replay resumes after its last acknowledged line.
     */
    public void restartIngest() {
        stop(ingest, "ingest-service");
        status.accept("starting ingest-service again on port " + ingestPort);
        startIngest();
    }

    /** The applications' environment: the options' on top of the broker, the database and the storage paths. */
    private void setEnvironment(Path work) {
        env.putAll(options.env());
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("COINPULSE_DB_URL", database.jdbcUrl());
        env.put("COINPULSE_DB_USER", database.user());
        env.put("COINPULSE_DB_PASSWORD", database.password());
        env.putIfAbsent("COINPULSE_CHECKPOINT_PATH", orDefault("COINPULSE_CHECKPOINT_PATH",
                work.resolve("checkpoints").toUri().toString()));
        // the journal (and a replay's position beside it) belongs to this stack, not to the working directory
        env.putIfAbsent("COINPULSE_INGEST_JOURNAL_PATH", orDefault("COINPULSE_INGEST_JOURNAL_PATH",
                work.resolve("ingest/journal").toString()));
        env.putIfAbsent("COINPULSE_LAKE_PATH", orDefault("COINPULSE_LAKE_PATH", work.resolve("lake").toUri().toString()));
        // a local stack often replays old data (the canonical dataset): it keeps everything unless told otherwise
        env.putIfAbsent("COINPULSE_RETENTION_INTERVAL", orDefault("COINPULSE_RETENTION_INTERVAL", "off"));
    }

    private void startBroker(Path work) {
        if (options.cluster()) {
            cluster = ClusterTopology.startKafka(options.home(), work, options.kafkaPort(), TOPICS, registry, status);
            return;
        }
        if (options.kafkaSecurity()) {
            status.accept("starting Kafka (KRaft, single node, SASL_SSL with SCRAM-SHA-512 and the chart's KafkaUsers)");
            broker = KafkaBroker.startSecure(work.resolve("kafka"), options.kafkaPort(),
                    options.home().resolve("k8s/base/kafka/users.yaml"), JvmSettings.kafkaBrokerJvmOptions());
        } else {
            status.accept("starting Kafka (KRaft, single node)");
            broker = KafkaBroker.start(work.resolve("kafka"), options.kafkaPort(), JvmSettings.kafkaBrokerJvmOptions());
        }
        broker.processHandle().ifPresent(p -> registry.record("kafka", p));
        broker.createTopics(TOPICS);
    }

    private void startDatabase(Path work) {
        String dbUrl = setting("COINPULSE_DB_URL");
        if (dbUrl == null || dbUrl.isBlank()) {
            status.accept("starting embedded MariaDB");
            database = Database.startEmbedded(work.resolve("mariadb"));
            database.processHandle().ifPresent(p -> registry.record("mariadb", p));
        } else {
            status.accept("using the MySQL database at " + redact(dbUrl));
            database = Database.external(dbUrl, setting("COINPULSE_DB_USER"), setting("COINPULSE_DB_PASSWORD"));
        }
    }

    /**
     * Stops the Spark job (SIGTERM: it finishes its micro-batch, its checkpoint stays) and keeps it
     * stopped until {@link #releaseSpark}: for work that must not share the database or the cores
     * with it for a while, such as the bench's own runs of the job. (A process held with SIGSTOP
     * instead misses its own heartbeats: after 120 s Spark drops its local executor.)
     */
    public void holdSpark() {
        spark.hold();
    }

    /** Starts the Spark job again, from its checkpoint, after {@link #holdSpark}. */
    public void releaseSpark() {
        spark.release();
    }

    /** How often the supervisor has restarted the Spark job. */
    public int sparkRestarts() {
        return spark.restarts();
    }

    /** Base URL of the query API, e.g. {@code http://localhost:8080}. */
    public String queryUrl() {
        return "http://localhost:" + queryPort;
    }

    /** Base URL of ingest-service's management interface (health, metrics). */
    public String ingestUrl() {
        return "http://localhost:" + ingestPort;
    }

    /** Base URL of query-service's management interface (health, metrics), e.g. {@code http://localhost:9000}. */
    public String queryManagementUrl() {
        return "http://localhost:" + queryManagementPort;
    }

    /** URL of the Spark driver's stream gauges (Prometheus text), e.g. {@code http://localhost:9091/metrics}. */
    public String sparkMetricsUrl() {
        return "http://localhost:" + sparkMetricsPort + "/metrics";
    }

    /** The single broker; null with {@link Options#cluster()}. */
    public KafkaBroker broker() {
        return broker;
    }

    /** The Kafka and Spark clusters with {@link Options#cluster()}; null otherwise. */
    ClusterTopology cluster() {
        return cluster;
    }

    /** {@code bootstrap.servers} of the broker or of every node of the cluster. */
    public String bootstrapServers() {
        return cluster != null ? cluster.kafka().bootstrapServers() : broker.bootstrapServers();
    }

    private String sparkMode() {
        return cluster != null ? "submitted to " + cluster.spark().masterUrl() : "local mode";
    }

    public Database database() {
        return database;
    }

    /** The Spark job's current process (a new one after each supervised restart). */
    public JavaProcess spark() {
        return spark.current();
    }

    public JavaProcess ingest() {
        return ingest;
    }

    public JavaProcess query() {
        return query;
    }

    /**
     * The environment every application process gets on top of this one's (with a secure broker,
     * each also gets its own Kafka user's settings: {@link #serviceEnvironment}).
     */
    public Map<String, String> appEnvironment() {
        return new LinkedHashMap<>(env);
    }

    /**
     * The environment of the component connecting as {@code kafkaUser}: {@link #appEnvironment()} and,
     * with a secure broker, exactly the Kafka variables the chart gives it ({@code KAFKA_SECURITY_PROTOCOL},
     * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG} with its own password,
     * {@code KAFKA_SSL_TRUSTSTORE_TYPE} PEM, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}).
     */
    public Map<String, String> serviceEnvironment(String kafkaUser) {
        Map<String, String> out = appEnvironment();
        if (broker == null) {
            return out;
        }
        broker.clientConfig(kafkaUser).forEach((key, value) ->
                out.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        return out;
    }

    /** Stops everything, sources first, storage last. */
    @Override
    public void close() {
        if (spark != null) {
            spark.close();
        }
        stop(ingest, "ingest-service");
        stop(spark == null ? null : spark.current(), "Spark job");
        stop(query, "query-service");
        if (cluster != null) {
            status.accept("stopping Spark standalone and Kafka");
            cluster.close();
        }
        if (broker != null) {
            status.accept("stopping Kafka");
            broker.stop();
            forget("kafka");
        }
        if (database != null && database.isEmbedded()) {
            status.accept("stopping MariaDB");
            database.stop();
            forget("mariadb");
        }
        if (registry != null) {
            StackRecord.remove(options.workDir().toAbsolutePath().resolve("run"));
        }
    }

    private void stop(JavaProcess process, String name) {
        if (process != null && process.isAlive()) {
            status.accept("stopping " + name);
            process.stop(30);
        }
        if (process != null) {
            forget(process.name());
        }
    }

    private void forget(String name) {
        if (registry != null) {
            registry.forget(name);
        }
    }

    /** See {@link JvmSettings#NATIVE_ENVIRONMENT}. */
    public static final Map<String, String> NATIVE_ENVIRONMENT = JvmSettings.NATIVE_ENVIRONMENT;

    /** See {@link JvmSettings#serviceJvmOptions}. */
    public static List<String> serviceJvmOptions(String module) {
        return JvmSettings.serviceJvmOptions(module);
    }

    /** See {@link JvmSettings#sparkJvmOptions}. */
    public static List<String> sparkJvmOptions() {
        return JvmSettings.sparkJvmOptions();
    }

    /** The Spark job's class path in a built checkout {@code home}: its jar and the dependencies Maven listed. */
    public static String sparkClasspath(Path home) {
        return PartStarter.sparkClasspath(home);
    }

    private String setting(String key) {
        String value = options.env().get(key);
        return value != null ? value : System.getenv(key);
    }

    /** A port from a setting, 0 when it is unset. */
    private int portSetting(String key) {
        String value = setting(key);
        return value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim());
    }

    private String orDefault(String key, String fallback) {
        String value = setting(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    static Properties buildProperties() {
        return JvmSettings.buildProperties();
    }

    /** A JDBC URL without user info or query parameters, for logs. */
    static String redact(String jdbcUrl) {
        String noQuery = jdbcUrl.replaceAll("\\?.*$", "");
        return noQuery.replaceAll("//[^/@]*@", "//");
    }

    private static Map<String, Integer> orderedTopics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put("crypto.ticks", 3);
        topics.put("crypto.ticks.dlq", 1);
        topics.put("crypto.metrics", 3);
        topics.put("crypto.alerts", 1);
        return java.util.Collections.unmodifiableMap(topics);
    }
}
