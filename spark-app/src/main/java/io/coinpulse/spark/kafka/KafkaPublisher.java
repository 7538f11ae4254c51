package io.coinpulse.spark.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coinpulse.spark.analytics.Alert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes from the driver, synchronously (each call returns once the broker acknowledged every
 * record, {@code acks=all}): alerts to {@code crypto.alerts} and the final state of windows to
 * {@code crypto.metrics}, key = asset (docs/CONTRACTS.md). At-least-once: a caller that fails after
 * publishing publishes again on its retry, and consumers see a repeat with the same content.
 */
public final class KafkaPublisher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> properties;
    private final String metricsTopic;
    private final String alertsTopic;
    private KafkaProducer<String, String> producer;

    /**
     * @param properties producer settings: bootstrap servers and the client security settings
     * @param metricsTopic topic of window updates
     * @param alertsTopic topic of alerts
     */
    public KafkaPublisher(Map<String, Object> properties, String metricsTopic, String alertsTopic) {
        this.properties = new HashMap<>(properties);
        this.properties.put(ProducerConfig.ACKS_CONFIG, "all");
        this.properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        this.properties.put(ProducerConfig.CLIENT_ID_CONFIG, "coinpulse-spark-driver");
        this.metricsTopic = metricsTopic;
        this.alertsTopic = alertsTopic;
    }

    /** The alert as the JSON of {@code crypto.alerts}. */
    public static String json(Alert a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("alertId", a.alertId()).put("source", a.source()).put("asset", a.asset()).put("windowStart", a.windowStart())
                .put("kind", a.kind()).put("value", a.value()).put("zscore", a.zscore()).put("threshold", a.threshold())
                .put("detectedAt", a.detectedAt()).put("message", a.message());
        return n.toString();
    }

    public synchronized void publishAlerts(List<Alert> alerts) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (Alert a : alerts) {
            records.add(new ProducerRecord<>(alertsTopic, a.asset(), json(a)));
        }
        send(records);
    }

    /** Window updates, already as the JSON of {@code crypto.metrics}, keyed by asset. */
    public synchronized void publishWindows(List<Map.Entry<String, String>> assetAndJson) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (Map.Entry<String, String> e : assetAndJson) {
            records.add(new ProducerRecord<>(metricsTopic, e.getKey(), e.getValue()));
        }
        send(records);
    }

    private void send(List<ProducerRecord<String, String>> records) {
        if (records.isEmpty()) {
            return;
        }
        if (producer == null) {
            producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        }
        sendAll(producer, records);
    }

    /**
     * Sends the records and returns once the broker acknowledged every one. A failure names its cause's
     * class in the message: a retry decision that only sees the text (a Spark task's failure on the
     * driver) still recognises a Kafka timeout.
     */
    public static void sendAll(Producer<String, String> producer, List<ProducerRecord<String, String>> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (ProducerRecord<String, String> r : records) {
            sent.add(producer.send(r));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to Kafka", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing " + records.size() + " records to " + records.get(0).topic()
                    + " failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }
}
