package io.coinpulse.ingest.publish;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.metrics.SourceMeters;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickJson;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * {@link #publishTick} until acknowledgements come back. The bound is below the emitters' buffer, so the
 * buffer can never overflow. Records go to the emitter in call order and the Kafka connector sends them in
 * that order from one thread, with an idempotent producer: per-asset order in the topic is input order.
 */
@ApplicationScoped
public class TickPublisher {

    public static final String TICKS_CHANNEL = "ticks-out";
    public static final String DLQ_CHANNEL = "dlq-out";

    /** The emitters' buffer; {@code max-in-flight} may not exceed it. */
    static final int EMITTER_BUFFER = 4096;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Inject
    @Channel(TICKS_CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = EMITTER_BUFFER)
    Emitter<String> ticks;

    @Inject
    @Channel(DLQ_CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = EMITTER_BUFFER)
    Emitter<String> deadLetters;

    @Inject
    IngestConfig config;

    private Semaphore inFlight;

    @PostConstruct
    void init() {
        int max = config.publish().maxInFlight();
        if (max < 1 || max > EMITTER_BUFFER) {
            throw new IllegalStateException("coinpulse.ingest.publish.max-in-flight must be between 1 and "
                    + EMITTER_BUFFER + ", got " + max);
        }
        inFlight = new Semaphore(max);
    }

    /** Sends a valid tick (its {@code ingestTime} set); blocks while too many records await acknowledgement. */
    public void publishTick(SourceMeters meters, Tick tick) throws InterruptedException {
        send(ticks, TICKS_CHANNEL, tick.asset(), TickJson.write(tick), meters, true);
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
        inFlight.acquire();
        meters.pending().incrementAndGet();
        AtomicBoolean settled = new AtomicBoolean();
        Message<String> message = Message.of(value,
                        Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()))
                .withAck(() -> {
                    if (settled.compareAndSet(false, true)) {
                        if (tick) {
                            meters.published();
                        }
                        release(meters);
                    }
                    return DONE;
                })
                .withNack(failure -> {
                    if (settled.compareAndSet(false, true)) {
                        meters.publishFailed(channel);
                        release(meters);
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
                release(meters);
            }
            throw new IllegalStateException("channel " + channel + " does not take records: " + e.getMessage(), e);
        }
    }

    private void release(SourceMeters meters) {
        meters.pending().decrementAndGet();
        inFlight.release();
    }
}
