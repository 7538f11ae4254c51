package io.coinpulse.query.testing;

import io.coinpulse.devstack.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real single-node Kafka broker (devstack) under {@code target/kafka}, emptied first, with the
 * topics of docs/CONTRACTS.md: {@code crypto.metrics} (3 partitions) and {@code crypto.alerts} (1).
 * Tests publish to it as spark-app does, keyed by asset.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String METRICS = "crypto.metrics";
    public static final String ALERTS = "crypto.alerts";

    private static volatile KafkaBroker broker;
    private static volatile KafkaProducer<String, String> producer;

    /** The running broker, to stop and restart it in a test. */
    public static KafkaBroker broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        Path dir = Path.of("target", "kafka").toAbsolutePath();
        deleteRecursively(dir);
        broker = KafkaBroker.start(dir);
        broker.createTopics(Map.of(METRICS, 3, ALERTS, 1));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        producer = new KafkaProducer<>(p);
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                // long enough that a cached read outlives a test step: only the live stream invalidates it
                "coinpulse.api.cache.max-age", "60s",
                "coinpulse.stream.heartbeat", "2s",
                // small, so that a test can outrun it and see a resync
                "coinpulse.stream.buffer-size", "64");
    }

    @Override
    public void stop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.stop();
        }
    }

    /** Publishes {@code value} keyed by {@code asset} and waits for the broker's acknowledgement. */
    public static RecordMetadata publish(String topic, String asset, String value) {
        try {
            return producer.send(new ProducerRecord<>(topic, asset, value)).get(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing to " + topic, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
