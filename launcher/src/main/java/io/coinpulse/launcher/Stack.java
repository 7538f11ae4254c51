package io.coinpulse.launcher;

import io.coinpulse.devstack.Database;
import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.devstack.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Options options;
    private final Consumer<String> status;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private KafkaBroker broker;
    private Database database;
    private JavaProcess query;
    private volatile JavaProcess spark;
    private JavaProcess ingest;
    private ProcessRegistry registry;
    private volatile boolean closing;
    private Thread supervisor;
    private int sparkRestarts;
    /** Stopped on purpose until {@link #releaseSpark} (guarded by this): the supervisor leaves it down. */
    private boolean sparkHeld;
    private int queryPort;
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
     */
    public record Options(Path home, Path workDir, Map<String, String> env, int queryPort, int ingestPort,
            int kafkaPort, boolean kafkaSecurity) {

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
        queryPort = options.queryPort() == 0 ? Ports.free() : options.queryPort();
        ingestPort = options.ingestPort() == 0 ? Ports.free() : options.ingestPort();

        registry = new ProcessRegistry(work.resolve("run"));
        registry.reapStale(status);

        if (options.kafkaSecurity()) {
            status.accept("starting Kafka (KRaft, single node, SASL_SSL with SCRAM-SHA-512 and the chart's KafkaUsers)");
            broker = KafkaBroker.startSecure(work.resolve("kafka"), options.kafkaPort(),
                    options.home().resolve("k8s/base/kafka/users.yaml"));
        } else {
            status.accept("starting Kafka (KRaft, single node)");
            broker = KafkaBroker.start(work.resolve("kafka"), options.kafkaPort());
        }
        broker.processHandle().ifPresent(p -> registry.record("kafka", p));
        broker.createTopics(TOPICS);

        String dbUrl = setting("COINPULSE_DB_URL");
        if (dbUrl == null || dbUrl.isBlank()) {
            status.accept("starting embedded MariaDB");
            database = Database.startEmbedded(work.resolve("mariadb"));
            database.processHandle().ifPresent(p -> registry.record("mariadb", p));
        } else {
            status.accept("using the MySQL database at " + redact(dbUrl));
            database = Database.external(dbUrl, setting("COINPULSE_DB_USER"), setting("COINPULSE_DB_PASSWORD"));
        }

        env.putAll(options.env());
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("COINPULSE_DB_URL", database.jdbcUrl());
        env.put("COINPULSE_DB_USER", database.user());
        env.put("COINPULSE_DB_PASSWORD", database.password());
        env.putIfAbsent("COINPULSE_CHECKPOINT_PATH", orDefault("COINPULSE_CHECKPOINT_PATH",
                work.resolve("checkpoints").toUri().toString()));
        env.putIfAbsent("COINPULSE_LAKE_PATH", orDefault("COINPULSE_LAKE_PATH", work.resolve("lake").toUri().toString()));

        Path logs = logsDir();
        status.accept("starting query-service on port " + queryPort);
        // the dashboard's pipeline strip shows each ingest source's state from ingest's readiness
        query = startQuarkus("query-service", QUERY_USER, queryPort, logs, Map.of("COINPULSE_INGEST_URL", ingestUrl()));
        awaitHttp(query, "http://127.0.0.1:" + queryPort + "/q/health/ready");

        status.accept("starting the Spark job (local mode)");
        spark = startSpark();

        // unset: ingest's default 'auto' (the keyless live sources, or synthetic data without network)
        status.accept("starting ingest-service on port " + ingestPort + " (sources: "
                + orDefault("COINPULSE_INGEST_SOURCES", "auto") + ")");
        ingest = startQuarkus("ingest-service", INGEST_USER, ingestPort, logs);
        awaitHttp(ingest, "http://127.0.0.1:" + ingestPort + "/q/health/live");

        awaitHttp(query, queryUrl() + "/api/v1/assets");
        if (!spark.isAlive()) {
            throw new IllegalStateException("the Spark job exited: " + spark.logTail(30));
        }
        supervisor = new Thread(this::superviseSpark, "coinpulse-spark-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /**
     * Restarts the Spark job when it exits, as the spark-operator's restartPolicy does on
     * Kubernetes: it resumes from its checkpoint, so nothing is lost or counted twice. The delay
     * doubles on each quick failure (2 s up to 60 s) and resets once the job has run 2 minutes.
     */
    private void superviseSpark() {
        long delayMillis = 2000;
        while (!closing) {
            JavaProcess current = spark;
            try {
                current.process().waitFor();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                // held, or started again by releaseSpark meanwhile: not a failure, nothing to restart
                if (sparkHeld || spark != current) {
                    try {
                        while (sparkHeld && !closing) {
                            wait();
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
            }
            if (closing) {
                return;
            }
            long ranMillis = System.currentTimeMillis()
                    - current.process().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
            if (ranMillis > Duration.ofMinutes(2).toMillis()) {
                delayMillis = 2000;
            }
            status.accept("the Spark job exited with code " + current.process().exitValue() + "; restarting it from its checkpoint in "
                    + delayMillis / 1000 + " s (log: " + current.log() + ")");
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                return;
            }
            delayMillis = Math.min(delayMillis * 2, 60_000);
            synchronized (this) {
                if (!closing && !sparkHeld && !spark.isAlive()) {
                    spark = startSpark();
                    sparkRestarts++;
                }
            }
        }
    }

    /**
     * Stops the Spark job (SIGTERM: it finishes its micro-batch, its checkpoint stays) and keeps it
     * stopped until {@link #releaseSpark}: for work that must not share the database or the cores
     * with it for a while, such as the bench's own runs of the job. (A process held with SIGSTOP
     * instead misses its own heartbeats: after 120 s Spark drops its local executor.)
     */
    public void holdSpark() {
        JavaProcess current;
        synchronized (this) {
            sparkHeld = true;
            current = spark;
        }
        status.accept("stopping the Spark job until it is released");
        current.stop(60);
    }

    /** Starts the Spark job again, from its checkpoint, after {@link #holdSpark}. */
    public synchronized void releaseSpark() {
        if (!sparkHeld) {
            return;
        }
        sparkHeld = false;
        if (!closing && !spark.isAlive()) {
            status.accept("starting the Spark job again (local mode)");
            spark = startSpark();
        }
        notifyAll();
    }

    /** How often the supervisor has restarted the Spark job. */
    public synchronized int sparkRestarts() {
        return sparkRestarts;
    }

    /** Base URL of the query API, e.g. {@code http://localhost:8080}. */
    public String queryUrl() {
        return "http://localhost:" + queryPort;
    }

    /** Base URL of ingest-service's management endpoints. */
    public String ingestUrl() {
        return "http://localhost:" + ingestPort;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public Database database() {
        return database;
    }

    /** The Spark job's current process (a new one after each supervised restart). */
    public synchronized JavaProcess spark() {
        return spark;
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
        broker.clientConfig(kafkaUser).forEach((key, value) ->
                out.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        return out;
    }

    /** Stops everything, sources first, storage last. */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            notifyAll();
        }
        if (supervisor != null) {
            supervisor.interrupt();
        }
        stop(ingest, "ingest-service");
        stop(spark, "Spark job");
        stop(query, "query-service");
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

    private JavaProcess recorded(JavaProcess process) {
        registry.record(process.name(), process.process().toHandle());
        return process;
    }

    private JavaProcess startQuarkus(String module, String kafkaUser, int port, Path logs) {
        return startQuarkus(module, kafkaUser, port, logs, Map.of());
    }

    /** As {@link #startQuarkus(String, String, int, Path)}, with {@code extraEnv} for this process only. */
    private JavaProcess startQuarkus(String module, String kafkaUser, int port, Path logs, Map<String, String> extraEnv) {
        Path jar = options.home().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        requireBuilt(jar);
        Map<String, String> processEnv = serviceEnvironment(kafkaUser);
        processEnv.putAll(extraEnv);
        processEnv.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        NATIVE_ENVIRONMENT.forEach(processEnv::putIfAbsent);
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaExecutable()));
        command.addAll(serviceJvmOptions(module));
        command.addAll(List.of("-jar", jar.toString()));
        return recorded(JavaProcess.start(module, command, processEnv, logs.resolve(module + ".log")));
    }

    /**
     * Environment of every JVM of the stack: glibc keeps 2 malloc arenas instead of 8 per core (the
     * RocksDB, JNI, Netty and Vert.x threads would each touch their own).
     */
    public static final Map<String, String> NATIVE_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    /**
     * The JVM options of a Quarkus service ({@code query-service}, {@code ingest-service}), for the
     * launcher and for the bench's own ingest runs. The serial collector: G1's own structures
     * (remembered sets, mark bitmaps) took 46-47 MiB beside each of these small heaps (native memory
     * tracking under 10,000 events/s), and their young collections are short with either. Heaps:
     * query-service serves from a 64 MiB body cache and used at most 130 MiB of heap under the
     * freshness loads; ingest-service holds up to 16,384 records in flight for Kafka. Both start
     * at 64 MiB and grow as they need: the JVM's default initial heap is 1/64 of the machine's
     * memory (384 MiB on 24 GiB), so the serial collector had the whole bound committed from the start.
     * Metaspace: a collection is due whenever class metadata first outgrows a threshold, 21 MiB by default
     * and raised step by step; with the serial collector each is a full collection. query-service's
     * metadata grows to ~60 MiB, some of it minutes after its start as requests reach new code (a
     * 60 ms "Metadata GC Threshold" full collection 158 s after start, in the middle of a query
     * benchmark step): at 128 MiB none is due. It is a threshold, not a reservation: no memory is
     * committed for it.
     */
    public static List<String> serviceJvmOptions(String module) {
        String heap = switch (module) {
            case "query-service" -> "-Xmx256m";
            case "ingest-service" -> "-Xmx512m";
            default -> throw new IllegalArgumentException("not a Quarkus service of the stack: " + module);
        };
        return List.of("-Xms64m", heap, "-XX:+UseSerialGC", "-XX:MetaspaceSize=128m");
    }

    /**
     * The JVM options the Spark job runs with (without {@code spark.master}), for the launcher and for
     * anything that must measure the job as it runs here (bench/). The process's memory has bounds
     * beyond the heap: the RocksDB state stores share one 256 MiB budget (set by the job) and direct
     * buffers (Kafka source, Netty) are capped. The heap: G1 grows a heap to its bound under steady
     * micro-batches whatever their live data; 768 MiB holds the job's peak after a collection (about
     * 620 MiB under 10,000 events/s, with Spark's status store bounded by the job).
     */
    public static List<String> sparkJvmOptions() {
        List<String> jvm = new ArrayList<>(List.of("-Xmx768m", "-XX:MaxDirectMemorySize=256m", "-Dspark.ui.enabled=false"));
        jvm.addAll(Arrays.asList(buildProperties().getProperty("spark.jvm.opens").trim().split("\\s+")));
        return jvm;
    }

    /** The Spark job's class path in a built checkout {@code home}: its jar and the dependencies Maven listed. */
    public static String sparkClasspath(Path home) {
        Path target = home.resolve("spark-app/target");
        Path jar = target.resolve("spark-app-" + buildProperties().getProperty("version") + ".jar");
        Path classpathFile = target.resolve("spark-app.classpath");
        requireBuilt(jar);
        requireBuilt(classpathFile);
        try {
            return jar + java.io.File.pathSeparator + Files.readString(classpathFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where every process of the stack writes its log. */
    private Path logsDir() {
        return options.workDir().toAbsolutePath().resolve("logs");
    }

    private JavaProcess startSpark() {
        Path logs = logsDir();
        String classpath = sparkClasspath(options.home());
        List<String> jvm = new ArrayList<>(sparkJvmOptions());
        jvm.add("-Dspark.master=" + orDefault("COINPULSE_SPARK_MASTER", "local[2]"));
        Map<String, String> sparkEnv = serviceEnvironment(SPARK_USER);
        NATIVE_ENVIRONMENT.forEach(sparkEnv::putIfAbsent);
        return recorded(JavaProcess.start("spark", jvm, classpath, "io.coinpulse.spark.CoinpulseJob",
                List.of("stream"), sparkEnv, logs.resolve("spark.log")));
    }

    private void awaitHttp(JavaProcess process, String url) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited; last log lines:\n" + process.logTail(30));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(250);
        }
        throw new IllegalStateException(process.name() + " did not answer " + url + " within " + START_TIMEOUT
                + "; see " + process.log());
    }

    private String setting(String key) {
        String value = options.env().get(key);
        return value != null ? value : System.getenv(key);
    }

    private String orDefault(String key, String fallback) {
        String value = setting(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void requireBuilt(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: build first with ./mvnw -DskipTests install");
        }
    }

    static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = Stack.class.getResourceAsStream("build.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A JDBC URL without user info or query parameters, for logs. */
    static String redact(String jdbcUrl) {
        String noQuery = jdbcUrl.replaceAll("\\?.*$", "");
        return noQuery.replaceAll("//[^/@]*@", "//");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
