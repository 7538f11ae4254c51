package io.coinpulse.ingest.publish;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.journal.Journal;
import io.coinpulse.ingest.journal.JournalEntry;
import io.coinpulse.ingest.metrics.SourceMeters;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickJson;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Hands valid ticks to {@code crypto.ticks} (key = asset) and rejections to {@code crypto.ticks.dlq} (key =
 * source), nothing lost while Kafka is away:
 * <ul>
 * <li>sources that can wait (replay, synthetic) block while {@code max-in-flight} records await acknowledgement:
 * back-pressure pauses them for as long as Kafka is away;</li>
 * <li>live sources ({@link #spillWhenBehind}) cannot make an exchange wait: once no in-flight slot frees within
 * {@code coinpulse.ingest.journal.spill-after}, their records go to the on-disk {@link Journal}, and keep going
 * there while it holds anything, so the {@link JournalDrainer} publishes them in order before their newer ones;</li>
 * <li>a record Kafka refused (the producers retry until acknowledged, so only non-retriable errors) goes back to
 * the journal, never to a counter alone.</li>
 * </ul>
 * Past the journal's bound a record is dropped and counted per source.
 */
@ApplicationScoped
public class TickPublisher {

    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final KafkaChannels channels;
    private final Journal journal;
    private final IngestConfig config;
    private final Set<String> spilling = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public TickPublisher(KafkaChannels channels, Journal journal, IngestConfig config) {
        this.channels = channels;
        this.journal = journal;
        this.config = config;
    }

    /** {@code source} is live: its records spill to the journal instead of waiting for Kafka. */
    public void spillWhenBehind(String source) {
        spilling.add(source);
        journal.register(source);
    }

    /**
     * Sends a valid tick (its {@code ingestTime} set); {@code settled} runs once it is safe: acknowledged by Kafka,
     * or in the journal.
     */
    public void publishTick(SourceMeters meters, Tick tick, Runnable settled) throws InterruptedException {
        offer(meters, JournalEntry.tick(meters.source(), tick.asset(), TickJson.writeUtf8(tick)), settled);
    }

    /** Sends a rejection to the DLQ; {@code settled} as for {@link #publishTick}. */
    public void publishDeadLetter(SourceMeters meters, DeadLetter letter, Runnable settled) throws InterruptedException {
        offer(meters, JournalEntry.deadLetter(meters.source(), letter.source(),
                letter.toJson().getBytes(StandardCharsets.UTF_8)), settled);
    }

    /**
     * Waits until Kafka has acknowledged everything this source handed over directly (journaled records are
     * the drainer's).
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

    private void offer(SourceMeters meters, JournalEntry entry, Runnable settled) throws InterruptedException {
        if (!spilling.contains(meters.source())) {
            sendWaiting(meters, entry, settled);
        } else if (!journal.isEmpty() || !channels.tryAcquire(config.journal().spillAfter())
                || !send(meters, entry, true, settled)) {
            journal.append(entry);
            settled.run();
        }
    }

    /** Back-pressure: waits for a permit, and while the producer cannot take the record (no metadata yet). */
    private void sendWaiting(SourceMeters meters, JournalEntry entry, Runnable safe) throws InterruptedException {
        while (true) {
            channels.acquire();
            if (send(meters, entry, false, safe)) {
                return;
            }
            Thread.sleep(config.journal().retryDelay().toMillis());
        }
    }

    /**
     * Sends with a permit held; false (the permit released) when the producer did not take the record for a
     * retriable reason (no metadata within {@code max.block.ms}: Kafka away), or for any reason when
     * {@code spill} (a live source's record then goes to the journal, e.g. while the producer closes). The
     * producer reports a missing metadata through the callback, on the calling thread, before {@code send}
     * returns; later failures are Kafka's refusals. {@code safe} runs once the record is acknowledged or, refused,
     * in the journal.
     */
    private boolean send(SourceMeters meters, JournalEntry entry, boolean spill, Runnable safe) {
        meters.pending().incrementAndGet();
        Thread caller = Thread.currentThread();
        AtomicBoolean settled = new AtomicBoolean();
        AtomicBoolean notTaken = new AtomicBoolean();
        Callback done = (metadata, failure) -> {
            if (failure instanceof RetriableException && Thread.currentThread() == caller && !settled.get()) {
                notTaken.set(true);
            } else if (settled.compareAndSet(false, true)) {
                if (failure == null) {
                    if (!entry.deadLetter()) {
                        meters.published();
                    }
                } else {
                    refused(meters, entry, failure);
                }
                release(meters);
                safe.run();
            }
        };
        try {
            channels.send(entry, done);
        } catch (RuntimeException e) {
            if (!spill && !(e instanceof RetriableException)) {
                if (settled.compareAndSet(false, true)) {
                    release(meters);
                }
                throw new IllegalStateException("Kafka does not take records: " + e.getMessage(), e);
            }
            notTaken.set(true);
        }
        if (notTaken.get() && settled.compareAndSet(false, true)) {
            release(meters);
            warn("Kafka does not take records now: live sources spill to the journal, the others wait");
            return false;
        }
        return true;
    }

    private void refused(SourceMeters meters, JournalEntry entry, Exception failure) {
        meters.publishFailed(entry.deadLetter() ? KafkaChannels.DLQ_CHANNEL : KafkaChannels.TICKS_CHANNEL);
        Log.errorf("Kafka refused a record of source %s (key %s), it goes to the journal and is tried again: %s",
                meters.source(), entry.key(), failure.toString());
        journal.append(entry);
    }

    private void warn(String message) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            Log.warn(message);
        }
    }

    private void release(SourceMeters meters) {
        meters.pending().decrementAndGet();
        channels.release();
    }
}
