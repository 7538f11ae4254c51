package io.coinpulse.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1: Spark's own {@code org.apache.spark.deploy.master.Master}
 * and {@value #WORKERS} {@code org.apache.spark.deploy.worker.Worker}s, each in its own JVM, one core
 * each. The workers launch executors the way a Spark distribution's do, from a Spark home assembled out
 * of the Maven artifacts ({@link SparkHome}).
 */
public final class SparkCluster implements AutoCloseable {

    public static final int WORKERS = 2;
    /** What a worker offers to executors: one 768 MiB executor and its headroom. */
    static final String WORKER_MEMORY = "1g";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    private final SparkHome home;
    private final Path dir;
    private final List<String> jvmOptions;
    private final int masterPort;
    private final int masterUiPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private JavaProcess master;
    private final List<JavaProcess> workers = new ArrayList<>();

    private SparkCluster(SparkHome home, Path dir, List<String> jvmOptions) {
        this.home = home;
        this.dir = dir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.masterPort = Ports.free();
        this.masterUiPort = Ports.free();
    }

    /**
     * Starts a master and {@value #WORKERS} workers with their logs and work directories under
     * {@code dir}; returns once every worker has registered with the master.
     *
     * @param home the Spark home the workers launch executors from
     * @param jvmOptions options of every daemon JVM besides its heap (Java 17's add-opens for Spark)
     */
    public static SparkCluster start(SparkHome home, Path dir, List<String> jvmOptions) {
        SparkCluster cluster = new SparkCluster(home, dir.toAbsolutePath(), jvmOptions);
        try {
            cluster.startMaster();
            for (int i = 1; i <= WORKERS; i++) {
                cluster.workers.add(cluster.startWorker(i));
            }
            cluster.awaitAliveWorkers(WORKERS);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code spark://127.0.0.1:<port>}, for {@code --master}. */
    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The master's web UI (its {@code /json} lists workers and applications). */
    public String masterUiUrl() {
        return "http://127.0.0.1:" + masterUiPort;
    }

    public SparkHome home() {
        return home;
    }

    public JavaProcess master() {
        return master;
    }

    /** Worker {@code n} (1 to {@value #WORKERS}): its JVM, parent of the executors it launched. */
    public JavaProcess worker(int n) {
        return workers.get(n - 1);
    }

    /** Starts worker {@code n} again after it was killed; returns once the master counts it alive. */
    public void restartWorker(int n) {
        if (worker(n).isAlive()) {
            throw new IllegalStateException("worker " + n + " is running");
        }
        workers.set(n - 1, startWorker(n));
        awaitAliveWorkers(WORKERS);
    }

    /** Workers the master counts alive, from its {@code /json}; -1 when it does not answer. */
    public int aliveWorkers() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(masterUiUrl() + "/json/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = ALIVE_WORKERS.matcher(response.body());
            return response.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the workers (and with them their executors), then the master. */
    @Override
    public void close() {
        workers.forEach(w -> w.stop(30));
        if (master != null) {
            master.stop(30);
        }
    }

    private void startMaster() {
        master = daemon("spark-master", "org.apache.spark.deploy.master.Master", List.of("--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)),
                dir.resolve("logs/spark-master.log"));
        Ports.awaitListening(masterPort, master.process(), START_TIMEOUT, "Spark master");
    }

    private JavaProcess startWorker(int n) {
        Path workDir = dir.resolve("worker-" + n);
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return daemon("spark-worker-" + n, "org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0.1",
                "--cores", "1", "--memory", WORKER_MEMORY, "--webui-port", Integer.toString(Ports.free()),
                "--work-dir", workDir.toString(), masterUrl()), dir.resolve("logs/spark-worker-" + n + ".log"));
    }

    private JavaProcess daemon(String name, String mainClass, List<String> args, Path log) {
        List<String> jvm = new ArrayList<>(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"));
        jvm.addAll(jvmOptions);
        return JavaProcess.start(name, jvm, home.classpath(), mainClass, args, home.environment(), log);
    }

    private void awaitAliveWorkers(int count) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (aliveWorkers() != count) {
            for (JavaProcess p : workers) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(p.name() + " exited: " + p.logTail(20));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count + " Spark workers did not register with the master within "
                        + START_TIMEOUT + "; see " + dir.resolve("logs"));
            }
            Ports.sleep(250);
        }
    }

    /** The environment of the Spark daemons (and of a driver submitting to them). */
    public Map<String, String> environment() {
        return home.environment();
    }
}
