package io.coinpulse.launcher;

import io.coinpulse.devstack.JavaProcess;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./coinpulse up}: starts the whole pipeline, prints {@code coinpulse is up: <url>} once the
 * API answers, and stops it all on Ctrl-C or SIGTERM. Configuration is the SPEC §7 environment.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start Kafka, the database, ingest-service, the Spark job and query-service.",
            "Configure with the COINPULSE_* environment variables (see README)."})
final class UpCommand implements Callable<Integer> {

    static final String LOCK = "coinpulse.lock";

    @Mixin
    WorkDirOption dirs;

    @Option(names = "--port", description = "Port of the query API and dashboard (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:COINPULSE_HTTP_PORT:-8080}")
    int port;

    @Option(names = "--ingest-port", description = "Port of ingest-service's health and metrics (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:COINPULSE_INGEST_HTTP_PORT:-8081}")
    int ingestPort;

    @Option(names = "--kafka-port", description = "Port of the Kafka broker on first start (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:COINPULSE_KAFKA_PORT:-9092}")
    int kafkaPort;

    @Option(names = "--sources", paramLabel = "LIST", description = "Ingest's sources, comma-separated (default:"
            + " COINPULSE_INGEST_SOURCES, else auto: the keyless live sources, or a synthetic market offline);"
            + " none: an empty stack that only takes ./coinpulse replay.")
    String sources;

    @Option(names = "--kafka-security", description = "Run Kafka as the chart does: SASL_SSL with SCRAM-SHA-512, a CA"
            + " generated at first start and one user per service with the ACLs of k8s/base/kafka/users.yaml"
            + " (default: PLAINTEXT on 127.0.0.1). A data directory keeps the mode it was created with.")
    boolean kafkaSecurity;

    @Option(names = "--cluster", description = "Run on a multi-process topology: three KRaft Kafka nodes (replication 3,"
            + " min.insync.replicas 2) and a Spark standalone master with two workers, to which the job is submitted"
            + " as the SparkApplication's shaded jar (default: one broker, Spark in local mode).")
    boolean cluster;

    @Override
    public Integer call() throws Exception {
        Path work = dirs.work();
        Files.createDirectories(work);
        try (FileChannel lockChannel = FileChannel.open(work.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockChannel.tryLock()) {
            if (lock == null) {
                System.err.println("coinpulse: already running with data in " + work + " (stop it first)");
                return 2;
            }
            return run(work);
        }
    }

    private Integer run(Path work) throws InterruptedException, java.io.IOException {
        CountDownLatch stopped = new CountDownLatch(1);
        Stack[] holder = new Stack[1];
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            say("stopping");
            synchronized (holder) {
                if (holder[0] != null) {
                    holder[0].close();
                }
            }
            say("stopped");
            stopped.countDown();
        }, "coinpulse-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Stack stack;
        try {
            stack = Stack.start(new Stack.Options(dirs.home(), work, sourcesEnvironment(sources, work), port, ingestPort,
                    kafkaPort, kafkaSecurity, cluster), UpCommand::say);
        } catch (RuntimeException e) {
            System.err.println("coinpulse: " + e.getMessage());
            System.err.println("coinpulse: logs are in " + work.resolve("logs"));
            return 1;
        }
        synchronized (holder) {
            holder[0] = stack;
        }
        say("Kafka at " + stack.bootstrapServers() + (stack.broker() != null && stack.broker().isSecure()
                ? " (SASL_SSL, CA certificate " + stack.broker().truststore() + ")" : "") + ", database at " + Stack.redact(stack.database().jdbcUrl())
                + ", logs in " + work.resolve("logs"));
        say("health and metrics of query-service at " + stack.queryManagementUrl() + "/q, of ingest-service at "
                + stack.ingestUrl() + "/q; the stream's gauges at " + stack.sparkMetricsUrl());
        System.out.println("coinpulse is up: " + stack.queryUrl() + "  (./coinpulse status, logs, stop from any terminal)");
        System.out.flush();
        LogEcho.follow(stack.ingest().log(), "coinpulse: ");
        return watch(stack, stopping, stopped);
    }

    /** Watches the parts until stopped: one that dies takes the system down with a clear message. */
    private static int watch(Stack stack, java.util.concurrent.atomic.AtomicBoolean stopping, CountDownLatch stopped)
            throws InterruptedException {
        while (stopped.getCount() > 0) {
            // the Spark job is supervised by the stack (restarted from its checkpoint); the services are not
            for (JavaProcess p : List.of(stack.query(), stack.ingest())) {
                if (!p.isAlive() && !stopping.get()) {
                    System.err.println("coinpulse: " + p.name() + " exited unexpectedly; last log lines ("
                            + p.log() + "):\n" + p.logTail(20));
                    return 1;
                }
            }
            Thread.sleep(1000);
        }
        return 0;
    }

    /**
     * The ingest environment of {@code --sources}: {@code none} is ingest's replay source on an empty file (it
     * completes at once and publishes nothing), so the stream's watermark stays where a replayed file puts it.
     */
    static Map<String, String> sourcesEnvironment(String sources, Path work) throws java.io.IOException {
        if (sources == null) {
            return Map.of();
        }
        if (!sources.equals("none")) {
            return Map.of("COINPULSE_INGEST_SOURCES", sources);
        }
        Path empty = work.resolve("run/no-ticks.jsonl");
        Files.createDirectories(empty.getParent());
        Files.write(empty, new byte[0]);
        return Map.of("COINPULSE_INGEST_SOURCES", "replay", "COINPULSE_INGEST_REPLAY_FILE", empty.toString());
    }

    /** True while an {@code up} holds the work directory's lock (starting, running or stopping). */
    static boolean isRunning(Path work) {
        Path lockFile = work.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true; // held by this JVM
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static void say(String message) {
        System.out.println("coinpulse: " + message);
        System.out.flush();
    }

}
