package io.coinpulse.spark.sink;

import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.kafka.ExecutorProducers;
import io.coinpulse.spark.kafka.KafkaPublisher;
import io.coinpulse.spark.kafka.MetricsJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * One partition of a micro-batch's updated windows, on an executor, in one pass: upserted into
 * {@code window_metrics} ({@link WindowMetricsWriter}, one transaction), then published to
 * {@code crypto.metrics} (key = asset) and acknowledged by the broker, and the earliest window of
 * each series gathered for the derived analytics: one Spark job per micro-batch, where there were
 * three over a cached batch (upsert, Kafka sink, collect of the series).
 *
 * <p>Publishing follows the commit, so a consumer never sees a window the API does not have yet; a
 * task that fails after publishing publishes again when its batch is retried (at-least-once, with
 * the same content).
 */
final class WindowUpdateWriter implements ForeachPartitionFunction<Row> {

    private static final long serialVersionUID = 1L;

    private final WindowMetricsWriter writer;
    private final HashMap<String, Object> producerProperties;
    private final String topic;
    private final EarliestWindows earliest;

    /**
     * @param db where to write
     * @param upserted counts the rows written
     * @param producerProperties Kafka producer settings (bootstrap servers, security), or null: no publishing
     * @param topic the topic of window updates
     * @param earliest gathers the earliest window written per series, or null
     */
    WindowUpdateWriter(DbSettings db, LongAccumulator upserted, Map<String, Object> producerProperties, String topic,
            EarliestWindows earliest) {
        this.writer = new WindowMetricsWriter(db, upserted);
        this.producerProperties = producerProperties == null ? null : new HashMap<>(producerProperties);
        this.topic = topic;
        this.earliest = earliest;
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
        List<Row> partition = new ArrayList<>();
        rows.forEachRemaining(partition::add);
        List<Row> written = writer.upsert(partition);
        if (written.isEmpty()) {
            return;
        }
        if (producerProperties != null) {
            publish(written);
        }
        if (earliest != null) {
            for (Row r : written) {
                earliest.add(r.<String>getAs("source"), r.<String>getAs("asset"), r.<Long>getAs("window_start"));
            }
        }
    }

    private void publish(List<Row> windows) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(windows.size());
        for (Row r : windows) {
            records.add(new ProducerRecord<>(topic, r.<String>getAs("asset"), MetricsJson.of(r, false)));
        }
        KafkaPublisher.sendAll(ExecutorProducers.of(producerProperties), records);
    }
}
