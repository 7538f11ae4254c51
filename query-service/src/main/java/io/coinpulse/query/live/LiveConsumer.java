package io.coinpulse.query.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.config.QueryConfig;
import io.coinpulse.query.service.HotReads;
import io.coinpulse.query.store.Alert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the live stream from Kafka: every window update of {@code crypto.metrics} and every alert of
 * {@code crypto.alerts} goes to the connected clients and invalidates what the service cached about
 * its asset. Each instance reads every partition in a consumer group of its own (see
 * application.properties), so every replica sees every update. A record that breaks the contract
 * is counted and logged, and the stream goes on.
 */
@ApplicationScoped
@Startup // its meters exist from the start, before the first record
public class LiveConsumer {

    private final LiveStream stream;
    private final HotReads hotReads;
    private final LiveRecordParser parser;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final String metricsTopic;
    private final String alertsTopic;
    private final Counter windows;
    private final Counter alerts;

    public LiveConsumer(LiveStream stream, HotReads hotReads, ObjectMapper json, MeterRegistry registry,
            QueryConfig config) {
        this.stream = stream;
        this.hotReads = hotReads;
        this.json = json;
        this.parser = new LiveRecordParser(json);
        this.registry = registry;
        this.metricsTopic = config.stream().metricsTopic();
        this.alertsTopic = config.stream().alertsTopic();
        this.windows = events(LiveEvent.WINDOW);
        this.alerts = events(LiveEvent.ALERT);
        // every series at zero from the start, so that a dashboard shows 0 rather than nothing
        for (String topic : List.of(metricsTopic, alertsTopic)) {
            LiveRecordParser.REASONS.forEach(reason -> rejected(topic, reason));
        }
    }

    /** Channel {@code live-in}: both topics, one consumer. */
    @Incoming("live-in")
    public void consume(ConsumerRecord<String, String> record) {
        try {
            if (record.topic().equals(metricsTopic)) {
                window(record);
            } else if (record.topic().equals(alertsTopic)) {
                alert(record);
            } else {
                Log.warnf("ignoring a record of topic %s: the live stream reads %s and %s", record.topic(), metricsTopic,
                        alertsTopic);
            }
        } catch (LiveRecordParser.RejectedRecord e) {
            rejected(record.topic(), e.reason()).increment();
            Log.warnf("rejected record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising a parsed record", e);
        }
    }

    private void window(ConsumerRecord<String, String> record)
            throws LiveRecordParser.RejectedRecord, JsonProcessingException {
        WindowUpdate update = parser.window(record.value());
        // first the caches, so that a client reacting to the event reads the new state
        hotReads.windowUpdated(update.asset(), update.size());
        if (stream.append(StreamPosition.key(true, record.partition()), record.offset(), LiveEvent.WINDOW,
                update.asset(), update.size(), json.writeValueAsString(update))) {
            windows.increment();
        }
    }

    private void alert(ConsumerRecord<String, String> record)
            throws LiveRecordParser.RejectedRecord, JsonProcessingException {
        Alert alert = parser.alert(record.value());
        if (stream.append(StreamPosition.key(false, record.partition()), record.offset(), LiveEvent.ALERT,
                alert.asset(), null, json.writeValueAsString(alert))) {
            alerts.increment();
        }
    }

    private Counter rejected(String topic, String reason) {
        return Counter.builder("coinpulse.query.stream.rejected")
                .description("Records of crypto.metrics and crypto.alerts that break the contract")
                .tag("topic", topic).tag("reason", reason).register(registry);
    }

    private Counter events(String type) {
        return Counter.builder("coinpulse.query.stream.events")
                .description("Records of crypto.metrics and crypto.alerts passed on to the live stream")
                .tag("type", type).register(registry);
    }
}
