package io.coinpulse.launcher;

import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.KafkaCluster;
import io.coinpulse.devstack.KafkaNode;
import io.coinpulse.devstack.SparkCluster;
import io.coinpulse.devstack.SparkHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stack's multi-process topology ({@code ./coinpulse up --cluster}): a three-node KRaft Kafka
 * cluster and a Spark standalone cluster (a master and two workers) to which the stream job is
 * submitted as the SparkApplication's shaded jar. Data under {@code <workDir>/kafka-cluster} and
 * {@code <workDir>/spark-cluster}.
 */
final class ClusterTopology implements AutoCloseable {

    private final Path home;
    private final Path workDir;
    private final ProcessRegistry registry;
    private KafkaCluster kafka;
    private SparkCluster spark;

    private ClusterTopology(Path home, Path workDir, ProcessRegistry registry) {
        this.home = home;
        this.workDir = workDir;
        this.registry = registry;
    }

    /** Starts the Kafka cluster and creates {@code topics} at replication 3. */
    static ClusterTopology startKafka(Path home, Path workDir, int kafkaPort, Map<String, Integer> topics,
            ProcessRegistry registry, Consumer<String> status) {
        ClusterTopology topology = new ClusterTopology(home, workDir, registry);
        status.accept("starting Kafka (KRaft, " + KafkaCluster.NODES + " nodes, replication "
                + KafkaCluster.REPLICATION + ", min.insync.replicas " + KafkaCluster.MIN_IN_SYNC + ")");
        topology.kafka = KafkaCluster.start(workDir.resolve("kafka-cluster"), kafkaPort);
        topology.recordKafka();
        topology.kafka.createTopics(topics);
        return topology;
    }

    /** Starts the Spark master and workers on a Spark home assembled from spark-app's Spark jars. */
    void startSpark(Consumer<String> status) {
        SparkHome sparkHome = SparkHome.assemble(workDir.resolve("spark-home"),
                home.resolve("spark-app/target/spark-provided.classpath"));
        status.accept("starting Spark standalone (a master and " + SparkCluster.WORKERS + " workers)");
        spark = SparkCluster.start(sparkHome, workDir.resolve("spark-cluster"), JvmSettings.sparkOpens());
        recordSpark();
    }

    /** Submits the stream job to the Spark cluster: its driver process, which the stack supervises. */
    JavaProcess submitJob(Map<String, String> jobEnv, Path log) {
        return ClusterSubmit.start(home, spark, jobEnv, workDir, log);
    }

    KafkaCluster kafka() {
        return kafka;
    }

    SparkCluster spark() {
        return spark;
    }

    /** Records the processes again (after a node or a worker was restarted), for {@link ProcessRegistry#reapStale}. */
    void recordKafka() {
        for (KafkaNode node : kafka.nodes()) {
            node.processHandle().ifPresent(p -> registry.record("kafka-" + node.nodeId(), p));
        }
    }

    void recordSpark() {
        registry.record("spark-master", spark.master().process().toHandle());
        for (int n = 1; n <= SparkCluster.WORKERS; n++) {
            registry.record("spark-worker-" + n, spark.worker(n).process().toHandle());
        }
    }

    /** Stops Spark's daemons, then Kafka. */
    @Override
    public void close() {
        List<String> names = new ArrayList<>();
        if (spark != null) {
            spark.close();
            names.add("spark-master");
            for (int n = 1; n <= SparkCluster.WORKERS; n++) {
                names.add("spark-worker-" + n);
            }
        }
        if (kafka != null) {
            kafka.close();
            for (int id = 1; id <= KafkaCluster.NODES; id++) {
                names.add("kafka-" + id);
            }
        }
        names.forEach(registry::forget);
    }
}
