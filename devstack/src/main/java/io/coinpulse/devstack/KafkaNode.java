package io.coinpulse.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One node of a {@link KafkaCluster}: Apache Kafka's own {@code kafka.Kafka} in a child JVM, KRaft
 * controller and broker combined, PLAINTEXT on 127.0.0.1. Its data directory keeps its config, so a
 * node killed with SIGKILL comes back on the same ports, node id and log directory.
 */
public final class KafkaNode extends KafkaProcess {

    private final int nodeId;
    private final Path dataDir;
    private final int port;
    private final String classpath;

    KafkaNode(int nodeId, Path dataDir, int port, String classpath) {
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.port = port;
        this.classpath = classpath;
    }

    public int nodeId() {
        return nodeId;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Writes the node's config unless its data directory has one: every internal topic at replication
     * 3 with 2 in sync, as the chart's three brokers run.
     */
    void configure(int controllerPort, String voters) {
        Path config = config();
        if (Files.exists(config)) {
            return;
        }
        Properties p = KafkaFiles.serverProperties(nodeId, voters, "PLAINTEXT", port, controllerPort, dataDir.resolve("logs"),
                KafkaCluster.REPLICATION, KafkaCluster.MIN_IN_SYNC);
        KafkaFiles.writeSecret(config, p);
    }

    /** Formats the log directory with the cluster's id unless it is formatted. */
    void format(String clusterId) {
        if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        JavaProcess.run("kafka-storage-format-" + nodeId, List.of(JavaProcess.javaExecutable(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + KafkaFiles.log4jConfig(dataDir).toUri(), "-cp", classpath,
                "kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId, "--config=" + config(),
                "--ignore-formatted"), dataDir.resolve("format.log"), 120);
    }

    /** Starts the JVM; {@link #awaitListening} waits for its client listener (which needs a quorum). */
    void launch() {
        if (isRunning()) {
            throw new IllegalStateException("Kafka node " + nodeId + " is running");
        }
        process = JavaProcess.start("kafka-" + nodeId, List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                        "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + KafkaFiles.log4jConfig(dataDir).toUri()),
                classpath, "kafka.Kafka", List.of(config().toString()), Map.of("MALLOC_ARENA_MAX", "2"),
                dataDir.resolve("broker.log"));
    }

    void awaitListening() {
        Ports.awaitListening(port, process.process(), Duration.ofSeconds(120), "Kafka node " + nodeId);
    }

    /** Starts the node again after {@link #kill()} or {@link #stop()}: same ports, same data. */
    public void restart() {
        launch();
        awaitListening();
    }

    private Path config() {
        return dataDir.resolve("server.properties");
    }
}
