package io.coinpulse.spark.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One Kafka producer per executor JVM and settings, shared by the tasks that publish window updates
 * (a producer is thread-safe, and its connection and metadata outlive a micro-batch, as the
 * producers of Spark's own Kafka sink do). {@code acks=all} and idempotence: a task's
 * {@code flush} returns once the broker has every record it sent. Closed when the JVM exits.
 */
public final class ExecutorProducers {

    private static final Map<Map<String, Object>, Producer<String, String>> PRODUCERS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PRODUCERS.values().forEach(Producer::close),
                "coinpulse-producers-close"));
    }

    private ExecutorProducers() {
    }

    /** The producer of these settings (bootstrap servers, client security), created at the first call. */
    public static Producer<String, String> of(Map<String, Object> properties) {
        return PRODUCERS.computeIfAbsent(Map.copyOf(properties), ExecutorProducers::create);
    }

    private static Producer<String, String> create(Map<String, Object> properties) {
        Map<String, Object> settings = new HashMap<>(properties);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "coinpulse-spark-windows");
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }
}
