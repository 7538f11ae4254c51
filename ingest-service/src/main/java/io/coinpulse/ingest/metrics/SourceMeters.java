package io.coinpulse.ingest.metrics;

import io.coinpulse.ingest.tick.Reason;
import io.micrometer.core.instrument.Counter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters and delivery bookkeeping of one source (the connector that handed the frames in, e.g.
 * {@code replay}, never a value read from the data: tags stay low-cardinality).
 */
public final class SourceMeters {

    private final String source;
    private final Counter received;
    private final Counter published;
    private final Map<Reason, Counter> rejected;
    private final Map<String, Counter> publishFailures;
    private final AtomicLong lastTickMillis = new AtomicLong(-1);
    private final AtomicLong pending = new AtomicLong();

    SourceMeters(String source, Counter received, Counter published, Map<Reason, Counter> rejected,
            Map<String, Counter> publishFailures) {
        this.source = source;
        this.received = received;
        this.published = published;
        this.rejected = rejected;
        this.publishFailures = publishFailures;
    }

    public String source() {
        return source;
    }

    /** A candidate tick came out of a frame, valid or not. */
    public void received() {
        received.increment();
    }

    /** A rejection was decided (its DLQ record is on its way). */
    public void rejected(Reason reason) {
        rejected.get(reason).increment();
    }

    /** Kafka acknowledged a valid tick. */
    public void published() {
        published.increment();
        lastTickMillis.set(System.currentTimeMillis());
    }

    /** Kafka gave up on a record of this channel. */
    public void publishFailed(String channel) {
        publishFailures.get(channel).increment();
    }

    /** Records handed to Kafka and neither acknowledged nor failed yet. */
    public AtomicLong pending() {
        return pending;
    }

    public long receivedCount() {
        return (long) received.count();
    }

    public long publishedCount() {
        return (long) published.count();
    }

    public long rejectedCount() {
        return (long) rejected.values().stream().mapToDouble(Counter::count).sum();
    }

    public long publishFailureCount() {
        return (long) publishFailures.values().stream().mapToDouble(Counter::count).sum();
    }

    /** Seconds since Kafka acknowledged this source's last valid tick; NaN before the first. */
    public double lastEventAgeSeconds() {
        long last = lastTickMillis.get();
        return last < 0 ? Double.NaN : (System.currentTimeMillis() - last) / 1000.0;
    }
}
