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
public final class KafkaNode {

    private final int nodeId;
    private final Path dataDir;
    private final int port;
    private final String classpath;
    private JavaProcess process;

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

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The node's process while it runs. */
    public java.util.Optional<ProcessHandle> processHandle() {
        return isRunning() ? java.util.Optional.of(process.process().toHandle()) : java.util.Optional.empty();
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
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(nodeId));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", Integer.toString(KafkaCluster.REPLICATION));
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", Integer.toString(KafkaCluster.REPLICATION));
        p.setProperty("transaction.state.log.min.isr", Integer.toString(KafkaCluster.MIN_IN_SYNC));
        p.setProperty("share.coordinator.state.topic.replication.factor", Integer.toString(KafkaCluster.REPLICATION));
        p.setProperty("share.coordinator.state.topic.min.isr", Integer.toString(KafkaCluster.MIN_IN_SYNC));
        p.setProperty("default.replication.factor", Integer.toString(KafkaCluster.REPLICATION));
        p.setProperty("min.insync.replicas", Integer.toString(KafkaCluster.MIN_IN_SYNC));
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.retention.hours", "168");
        KafkaBroker.writeSecret(config, p);
    }

    /** Formats the log directory with the cluster's id unless it is formatted. */
    void format(String clusterId) {
        if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        JavaProcess.run("kafka-storage-format-" + nodeId, List.of(JavaProcess.javaExecutable(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + KafkaBroker.log4jConfig(dataDir).toUri(), "-cp", classpath,
                "kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId, "--config=" + config(),
                "--ignore-formatted"), dataDir.resolve("format.log"), 120);
    }

    /** Starts the JVM; {@link #awaitListening} waits for its client listener (which needs a quorum). */
    void launch() {
        if (isRunning()) {
            throw new IllegalStateException("Kafka node " + nodeId + " is running");
        }
        process = JavaProcess.start("kafka-" + nodeId, List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                        "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + KafkaBroker.log4jConfig(dataDir).toUri()),
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

    /** Controlled shutdown (SIGTERM): its partitions' leadership moves to the other nodes first. */
    public void stop() {
        if (process != null) {
            process.stop(60);
        }
    }

    /** SIGKILL, the way a crashed machine looks to the rest of the cluster. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    private Path config() {
        return dataDir.resolve("server.properties");
    }
}
