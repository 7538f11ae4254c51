package io.coinpulse.ingest.publish;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.journal.JournalEntry;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * The Kafka producers of channels {@code ticks-out} and {@code dlq-out} (their configuration, their idempotence),
 * used directly: one {@code Producer.send} with a callback per record, in call order, so per-key order in the
 * topic is the order of the calls. A semaphore bounds the records handed over and not yet acknowledged
 * ({@code coinpulse.ingest.publish.max-in-flight}); every sender takes a permit before {@link #send}.
 */
@ApplicationScoped
public class KafkaChannels {

    public static final String TICKS_CHANNEL = "ticks-out";
    public static final String DLQ_CHANNEL = "dlq-out";

    /** A sanity bound on {@code max-in-flight}: each record in flight holds its bytes and a callback. */
    static final int MAX_IN_FLIGHT = 1 << 20;

    /** Unused for sending: they are the channels' upstreams, so the connector creates their producers. */
    @Inject
    @Channel(TICKS_CHANNEL)
    Emitter<byte[]> ticks;

    @Inject
    @Channel(DLQ_CHANNEL)
    Emitter<String> deadLetters;

    @Inject
    IngestConfig config;

    @Inject
    KafkaClientService kafka;

    /** The topics of the channels (the channel's name when not configured, as the connector does). */
    @ConfigProperty(name = "mp.messaging.outgoing.ticks-out.topic", defaultValue = TICKS_CHANNEL)
    String ticksTopic;

    @ConfigProperty(name = "mp.messaging.outgoing.dlq-out.topic", defaultValue = DLQ_CHANNEL)
    String dlqTopic;

    private volatile Producer<String, byte[]> ticksProducer;
    private volatile Producer<String, String> dlqProducer;
    private Semaphore inFlight;

    @PostConstruct
    void init() {
        int max = config.publish().maxInFlight();
        if (max < 1 || max > MAX_IN_FLIGHT) {
            throw new IllegalStateException("coinpulse.ingest.publish.max-in-flight must be between 1 and "
                    + MAX_IN_FLIGHT + ", got " + max);
        }
        inFlight = new Semaphore(max);
    }

    /** Waits for an in-flight permit. */
    public void acquire() throws InterruptedException {
        inFlight.acquire();
    }

    /** Waits at most {@code wait} for an in-flight permit. */
    public boolean tryAcquire(Duration wait) throws InterruptedException {
        return inFlight.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void release() {
        inFlight.release();
    }

    /**
     * Hands a record to its channel's producer (the caller holds a permit); {@code done} runs once Kafka
     * acknowledged it or gave up on it.
     *
     * @throws org.apache.kafka.common.KafkaException when the producer did not take it (no metadata in time, closed)
     */
    public void send(JournalEntry entry, Callback done) {
        if (entry.deadLetter()) {
            dlqProducer().send(new ProducerRecord<>(dlqTopic, entry.key(),
                    new String(entry.value(), StandardCharsets.UTF_8)), done);
        } else {
            ticksProducer().send(new ProducerRecord<>(ticksTopic, entry.key(), entry.value()), done);
        }
    }

    private Producer<String, byte[]> ticksProducer() {
        Producer<String, byte[]> producer = ticksProducer;
        if (producer == null) {
            producer = this.<byte[]>producer(TICKS_CHANNEL);
            ticksProducer = producer;
        }
        return producer;
    }

    private Producer<String, String> dlqProducer() {
        Producer<String, String> producer = dlqProducer;
        if (producer == null) {
            producer = this.<String>producer(DLQ_CHANNEL);
            dlqProducer = producer;
        }
        return producer;
    }

    private <V> Producer<String, V> producer(String channel) {
        KafkaProducer<String, V> connector = kafka.getProducer(channel);
        if (connector == null) {
            throw new IllegalStateException("channel " + channel + " has no Kafka producer");
        }
        return connector.unwrap();
    }
}
