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

    /** Rate-limit reason: the API answered HTTP 429. */
    public static final String HTTP_429 = "http_429";

    /** Rate-limit reason: the source's own per-minute request budget was used up. */
    public static final String BUDGET = "budget";

    private final String source;
    private final Counter received;
    private final Counter published;
    private final Map<Reason, Counter> rejected;
    private final Map<String, Counter> skipped;
    private final Map<String, Counter> publishFailures;
    private final Counter frames;
    private final Counter framesDropped;
    private final Counter reconnects;
    private final Counter stalls;
    private final Map<String, Counter> rateLimited;
    private final AtomicLong lastTickMillis = new AtomicLong(-1);
    private final AtomicLong pending = new AtomicLong();

    SourceMeters(String source, Counter received, Counter published, Map<Reason, Counter> rejected,
            Map<String, Counter> skipped, Map<String, Counter> publishFailures, Counter frames, Counter framesDropped,
            Counter reconnects, Counter stalls, Map<String, Counter> rateLimited) {
        this.source = source;
        this.received = received;
        this.published = published;
        this.rejected = rejected;
        this.skipped = skipped;
        this.publishFailures = publishFailures;
        this.frames = frames;
        this.framesDropped = framesDropped;
        this.reconnects = reconnects;
        this.stalls = stalls;
        this.rateLimited = rateLimited;
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

    /** An entry of a frame was skipped (reason: {@link io.coinpulse.ingest.tick.TickResult.Skipped#REASONS}). */
    public void skipped(String reason) {
        Counter counter = skipped.get(reason);
        if (counter == null) {
            throw new IllegalArgumentException("unknown skip reason " + reason);
        }
        counter.increment();
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

    /** A live source received a raw frame. */
    public void frameReceived() {
        frames.increment();
    }

    /** A live source dropped a frame: its queue was full. */
    public void frameDropped() {
        framesDropped.increment();
    }

    /** A live source tries again after a failure or a lost connection. */
    public void reconnecting() {
        reconnects.increment();
    }

    /** A WebSocket connection stalled: connected, then no message within its silence timeout. */
    public void stalled() {
        stalls.increment();
    }

    /** A live source waits before a request: {@link #HTTP_429} or {@link #BUDGET}. */
    public void rateLimited(String reason) {
        rateLimited.get(reason).increment();
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

    public long skippedCount() {
        return (long) skipped.values().stream().mapToDouble(Counter::count).sum();
    }

    public long publishFailureCount() {
        return (long) publishFailures.values().stream().mapToDouble(Counter::count).sum();
    }

    public long framesCount() {
        return (long) frames.count();
    }

    public long framesDroppedCount() {
        return (long) framesDropped.count();
    }

    public long reconnectCount() {
        return (long) reconnects.count();
    }

    public long stallCount() {
        return (long) stalls.count();
    }

    public long rateLimitedCount() {
        return (long) rateLimited.values().stream().mapToDouble(Counter::count).sum();
    }

    /** Seconds since Kafka acknowledged this source's last valid tick; NaN before the first. */
    public double lastEventAgeSeconds() {
        long last = lastTickMillis.get();
        return last < 0 ? Double.NaN : (System.currentTimeMillis() - last) / 1000.0;
    }
}
