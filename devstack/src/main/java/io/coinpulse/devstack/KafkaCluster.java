package io.coinpulse.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A three-node KRaft Kafka cluster on 127.0.0.1, as the chart runs Kafka: every node a combined
 * controller and broker in its own JVM ({@link KafkaNode}), topics at replication {@value #REPLICATION}
 * with {@code min.insync.replicas} {@value #MIN_IN_SYNC}, so one node can fail without a write being
 * refused or lost. {@code <dataDir>/cluster.properties} keeps the cluster id and every node's ports:
 * a cluster started again on the same directory comes back with its topics and offsets.
 */
public final class KafkaCluster implements AutoCloseable {

    public static final int NODES = 3;
    public static final int REPLICATION = 3;
    public static final int MIN_IN_SYNC = 2;

    private final Path dataDir;
    private final List<KafkaNode> nodes;

    private KafkaCluster(Path dataDir, List<KafkaNode> nodes) {
        this.dataDir = dataDir;
        this.nodes = nodes;
    }

    /**
     * Starts the cluster with its data under {@code dataDir}; the client ports are {@code firstPort},
     * {@code firstPort + 1}, {@code firstPort + 2} (0: free ones) unless the directory has its ports.
     */
    public static KafkaCluster start(Path dataDir, int firstPort) {
        Properties layout = layout(dataDir.toAbsolutePath(), firstPort);
        String classpath = KafkaFiles.brokerClasspath();
        List<KafkaNode> nodes = new ArrayList<>();
        StringBuilder voters = new StringBuilder();
        for (int id = 1; id <= NODES; id++) {
            voters.append(id == 1 ? "" : ",").append(id).append("@127.0.0.1:").append(layout.getProperty("node." + id + ".controller.port"));
        }
        for (int id = 1; id <= NODES; id++) {
            KafkaNode node = new KafkaNode(id, dataDir.toAbsolutePath().resolve("node-" + id),
                    Integer.parseInt(layout.getProperty("node." + id + ".port")), classpath);
            node.configure(Integer.parseInt(layout.getProperty("node." + id + ".controller.port")), voters.toString());
            node.format(layout.getProperty("cluster.id"));
            nodes.add(node);
        }
        KafkaCluster cluster = new KafkaCluster(dataDir, List.copyOf(nodes));
        try {
            // all three first: a node's client listener opens once a quorum of controllers has elected a leader
            nodes.forEach(KafkaNode::launch);
            nodes.forEach(KafkaNode::awaitListening);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static Properties layout(Path dataDir, int firstPort) {
        Path file = dataDir.resolve("cluster.properties");
        if (Files.exists(file)) {
            return KafkaFiles.load(file);
        }
        Properties p = new Properties();
        p.setProperty("cluster.id", KafkaFiles.newClusterId());
        for (int id = 1; id <= NODES; id++) {
            p.setProperty("node." + id + ".port", Integer.toString(firstPort == 0 ? Ports.free() : firstPort + id - 1));
            p.setProperty("node." + id + ".controller.port", Integer.toString(Ports.free()));
        }
        KafkaFiles.writeSecret(file, p);
        return p;
    }

    /** Every node's {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /** Node {@code id} (1 to {@value #NODES}). */
    public KafkaNode node(int id) {
        return nodes.get(id - 1);
    }

    public List<KafkaNode> nodes() {
        return nodes;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates each topic with the given partition count at replication {@value #REPLICATION} unless it exists. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        KafkaBroker.createTopics(KafkaFiles.brokerClasspath(), dataDir, bootstrapServers(), REPLICATION,
                partitionsByTopic, null);
    }

    /**
     * Starts every node again at once, after {@link #close()} (or each was killed), on its ports and data:
     * one by one, the first would wait for a controller quorum the others have not formed yet.
     */
    public void restart() {
        nodes.forEach(KafkaNode::launch);
        nodes.forEach(KafkaNode::awaitListening);
    }

    /**
     * Stops every node (SIGTERM) at once: one by one, the last would wait for a controller quorum that
     * the others took with them. {@link #restart()} starts them again.
     */
    @Override
    public void close() {
        List<Thread> stopping = nodes.stream().map(n -> new Thread(n::stop, "stop-kafka-" + n.nodeId())).toList();
        stopping.forEach(Thread::start);
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
