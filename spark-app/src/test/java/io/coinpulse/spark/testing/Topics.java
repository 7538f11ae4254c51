package io.coinpulse.spark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing ticks to and reading records back from a real broker, for the integration tests. */
public final class Topics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Topics() {
    }

    /** Sends each JSON line keyed by its asset, in order, and waits for the acknowledgements. */
    public static void produce(String bootstrap, String topic, List<String> lines) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String line : lines) {
                producer.send(new ProducerRecord<>(topic, asset(line), line));
            }
            producer.flush();
        }
    }

    /** Every record of the topic from the beginning, values parsed as JSON; stops once nothing more arrives. */
    public static List<ConsumerRecord<String, JsonNode>> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, JsonNode>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            // the quiet spell counts from the partitions' assignment: joining the group can take longer than it on a busy machine
            long quietSince = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                var batch = consumer.poll(Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    if (consumer.assignment().isEmpty()) {
                        continue;
                    }
                    if (quietSince == 0) {
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince > Duration.ofSeconds(3).toNanos()) {
                        break;
                    }
                    continue;
                }
                quietSince = System.nanoTime();
                for (ConsumerRecord<String, String> r : batch) {
                    try {
                        out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), JSON.readTree(r.value())));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return out;
    }

    private static String asset(String line) {
        try {
            JsonNode asset = JSON.readTree(line).path("asset");
            return asset.isTextual() ? asset.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
