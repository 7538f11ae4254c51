package io.coinpulse.ingest.publish;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.metrics.SourceMeters;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickJson;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Hands valid ticks to channel {@code ticks-out} (topic {@code crypto.ticks}, key = asset) and rejections to
 * {@code dlq-out} (topic {@code crypto.ticks.dlq}, key = source).
 *
 * <p>Back-pressure, never loss: a semaphore bounds the records handed over and not yet acknowledged by
 * Kafka ({@code coinpulse.ingest.publish.max-in-flight}); a source that gets ahead blocks in
 * {@link #publishTick} until acknowledgements come back. Dead letters, which go through an emitter, also
 * take one of the emitter's buffer slots, so that buffer can never overflow whatever the bound. Ticks go
 * to the channel's Kafka producer in call order, dead letters to the emitter, whose connector sends them
 * in order; both producers are idempotent: per-asset order in the topic is input order.
 */
@ApplicationScoped
public class TickPublisher {

    public static final String TICKS_CHANNEL = "ticks-out";
    public static final String DLQ_CHANNEL = "dlq-out";

    /** The emitters' buffer: dead letters in flight never exceed it. */
    static final int EMITTER_BUFFER = 4096;
    /** A sanity bound on {@code max-in-flight}: each record in flight holds its bytes and a callback. */
    static final int MAX_IN_FLIGHT = 1 << 20;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Unused for sending (see {@link #publishTick}); it is the channel's upstream, so the connector creates its producer. */
    @Inject
    @Channel(TICKS_CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = EMITTER_BUFFER)
    Emitter<byte[]> ticks;

    @Inject
    @Channel(DLQ_CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = EMITTER_BUFFER)
    Emitter<String> deadLetters;

    @Inject
    IngestConfig config;

    @Inject
    KafkaClientService kafka;

    /** The topic of channel {@code ticks-out} (the channel's name when not configured, as the connector does). */
    @ConfigProperty(name = "mp.messaging.outgoing.ticks-out.topic", defaultValue = TICKS_CHANNEL)
    String ticksTopic;

    private volatile Producer<String, byte[]> ticksProducer;

    private Semaphore inFlight;
    /** Slots of the emitters' buffer, taken by dead letters as well as an {@link #inFlight} permit. */
    private final Semaphore emitterSlots = new Semaphore(EMITTER_BUFFER);

    @PostConstruct
    void init() {
        int max = config.publish().maxInFlight();
        if (max < 1 || max > MAX_IN_FLIGHT) {
            throw new IllegalStateException("coinpulse.ingest.publish.max-in-flight must be between 1 and "
                    + MAX_IN_FLIGHT + ", got " + max);
        }
        inFlight = new Semaphore(max);
    }

    /**
     * Sends a valid tick (its {@code ingestTime} set); blocks while too many records await acknowledgement.
     *
     * <p>Straight to the channel's own Kafka producer (its configuration, its idempotence), not through the
     * emitter: one {@code Producer.send} with a callback per tick instead of a message, its metadata, a Mutiny
     * pipeline and a tracing span, which would otherwise be the top of a replay's CPU profile. The caller's order is the
     * order of {@code send}, so per-asset order in the topic is still input order.
     */
    public void publishTick(SourceMeters meters, Tick tick) throws InterruptedException {
        Producer<String, byte[]> producer = ticksProducer();
        byte[] value = TickJson.writeUtf8(tick);
        inFlight.acquire();
        meters.pending().incrementAndGet();
        AtomicBoolean settled = new AtomicBoolean();
        Callback done = (metadata, failure) -> {
            if (settled.compareAndSet(false, true)) {
                if (failure == null) {
                    meters.published();
                } else {
                    meters.publishFailed(TICKS_CHANNEL);
                    Log.errorf("Kafka did not take a record of source %s on channel %s (key %s): %s", meters.source(),
                            TICKS_CHANNEL, tick.asset(), failure.toString());
                }
                release(meters);
            }
        };
        try {
            producer.send(new ProducerRecord<>(ticksTopic, tick.asset(), value), done);
        } catch (RuntimeException e) {
            if (settled.compareAndSet(false, true)) {
                meters.publishFailed(TICKS_CHANNEL);
                release(meters);
            }
            throw new IllegalStateException("channel " + TICKS_CHANNEL + " does not take records: " + e.getMessage(), e);
        }
    }

    /** The Kafka producer of channel {@code ticks-out}, once the connector created it. */
    private Producer<String, byte[]> ticksProducer() {
        Producer<String, byte[]> producer = ticksProducer;
        if (producer == null) {
            KafkaProducer<String, byte[]> channel = kafka.getProducer(TICKS_CHANNEL);
            if (channel == null) {
                throw new IllegalStateException("channel " + TICKS_CHANNEL + " has no Kafka producer");
            }
            producer = channel.unwrap();
            ticksProducer = producer;
        }
        return producer;
    }

    /** Sends a rejection to the DLQ; blocks while too many records await acknowledgement. */
    public void publishDeadLetter(SourceMeters meters, DeadLetter letter) throws InterruptedException {
        send(deadLetters, DLQ_CHANNEL, letter.source(), letter.toJson(), meters, false);
    }

    /**
     * Waits until Kafka has acknowledged (or given up on) everything this source handed over.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean drain(SourceMeters meters, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (meters.pending().get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private void send(Emitter<String> emitter, String channel, String key, String value, SourceMeters meters,
            boolean tick) throws InterruptedException {
        emitterSlots.acquire();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            emitterSlots.release();
            throw e;
        }
        meters.pending().incrementAndGet();
        AtomicBoolean settled = new AtomicBoolean();
        Message<String> message = Message.of(value,
                        Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()))
                .withAck(() -> {
                    if (settled.compareAndSet(false, true)) {
                        if (tick) {
                            meters.published();
                        }
                        releaseEmitted(meters);
                    }
                    return DONE;
                })
                .withNack(failure -> {
                    if (settled.compareAndSet(false, true)) {
                        meters.publishFailed(channel);
                        releaseEmitted(meters);
                        Log.errorf("Kafka did not take a record of source %s on channel %s (key %s): %s",
                                meters.source(), channel, key, failure.toString());
                    }
                    return DONE;
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            if (settled.compareAndSet(false, true)) {
                meters.publishFailed(channel);
                releaseEmitted(meters);
            }
            throw new IllegalStateException("channel " + channel + " does not take records: " + e.getMessage(), e);
        }
    }

    private void releaseEmitted(SourceMeters meters) {
        release(meters);
        emitterSlots.release();
    }

    private void release(SourceMeters meters) {
        meters.pending().decrementAndGet();
        inFlight.release();
    }
}
