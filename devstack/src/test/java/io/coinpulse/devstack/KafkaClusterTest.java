package io.coinpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClusterTest {

    @TempDir
    Path dir;

    @Test
    void threeNodesReplicateEveryTopicAndRideThroughANodeKilledAndRestartedOnItsData() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(dir.resolve("kafka"), 0)) {
            cluster.createTopics(Map.of("crypto.ticks", 3));
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                TopicDescription ticks = admin.describeTopics(Set.of("crypto.ticks")).allTopicNames().get().get("crypto.ticks");
                assertThat(ticks.partitions()).hasSize(3)
                        .allSatisfy(p -> assertThat(p.replicas()).extracting(n -> n.id()).containsExactlyInAnyOrder(1, 2, 3));
                ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "2");
                assertThat(admin.describeConfigs(Set.of(broker)).all().get().get(broker).get("min.insync.replicas").value())
                        .isEqualTo("2");

                produce(cluster, 0, 100);
                int port = cluster.node(1).port();
                cluster.node(1).kill();
                assertThat(cluster.node(1).isRunning()).isFalse();
                // acks=all with 2 of 3 replicas in sync: accepted
                produce(cluster, 100, 200);

                cluster.node(1).restart();
                assertThat(cluster.node(1).port()).isEqualTo(port);
                awaitFullIsr(admin);
            }
            List<String> values = consumeAll(cluster, 200);
            assertThat(values).hasSize(200).doesNotHaveDuplicates();
            assertThat(values).contains("tick-0", "tick-99", "tick-100", "tick-199");
        }
    }

    private static void produce(KafkaCluster cluster, int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>("crypto.ticks", "k" + i, "tick-" + i)).get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitFullIsr(Admin admin) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            List<TopicPartitionInfo> partitions = admin.describeTopics(Set.of("crypto.ticks")).allTopicNames().get()
                    .get("crypto.ticks").partitions();
            if (partitions.stream().allMatch(p -> p.isr().size() == 3)) {
                return;
            }
            assertThat(System.nanoTime()).as("the restarted node back in every ISR").isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static List<String> consumeAll(KafkaCluster cluster, int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = List.of(new TopicPartition("crypto.ticks", 0),
                    new TopicPartition("crypto.ticks", 1), new TopicPartition("crypto.ticks", 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> values.add(r.value()));
        }
        return values;
    }
}
