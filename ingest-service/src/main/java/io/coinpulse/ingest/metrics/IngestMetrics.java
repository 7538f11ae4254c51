package io.coinpulse.ingest.metrics;

import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.TickResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The per-source Micrometer meters. Every series of a source is registered at zero when the source first
 * shows up (each rejection reason too), so a dashboard sees 0 rather than nothing.
 *
 * <ul>
 * <li>{@code coinpulse.ingest.ticks.received{source}}: candidate ticks out of the frames, valid or not</li>
 * <li>{@code coinpulse.ingest.ticks.published{source}}: valid ticks acknowledged by Kafka on {@code crypto.ticks}</li>
 * <li>{@code coinpulse.ingest.ticks.rejected{source,reason}}: records sent to {@code crypto.ticks.dlq}</li>
 * <li>{@code coinpulse.ingest.ticks.skipped{source,reason}}: entries of frames whose symbol a connector cannot
 * map ({@code unknown_symbol}, {@code symbol_conflict}); neither published nor in the DLQ</li>
 * <li>{@code coinpulse.ingest.publish.failures{source,channel}}: records Kafka gave up on</li>
 * <li>{@code coinpulse.ingest.last.event.age{source}} (seconds): time since the last published tick</li>
 * <li>{@code coinpulse.ingest.frames.received{source}}: raw frames a live source received (messages,
 * response bodies), heartbeats included</li>
 * <li>{@code coinpulse.ingest.frames.dropped{source}}: frames dropped because the source's queue was full
 * (Kafka far behind)</li>
 * <li>{@code coinpulse.ingest.reconnects{source}}: connection or request attempts after a failure or a
 * lost, silent or expiring connection</li>
 * <li>{@code coinpulse.ingest.stalls{source}}: WebSocket connections that stalled (connected, then no message
 * within the stream's silence timeout) and were replaced; each also counts as a reconnect</li>
 * <li>{@code coinpulse.ingest.rate.limited{source,reason}}: waits imposed by the API ({@code http_429}) or
 * by the source's own request budget ({@code budget})</li>
 * </ul>
 */
@ApplicationScoped
public class IngestMetrics {

    public static final String RECEIVED = "coinpulse.ingest.ticks.received";
    public static final String PUBLISHED = "coinpulse.ingest.ticks.published";
    public static final String REJECTED = "coinpulse.ingest.ticks.rejected";
    public static final String SKIPPED = "coinpulse.ingest.ticks.skipped";
    public static final String PUBLISH_FAILURES = "coinpulse.ingest.publish.failures";
    public static final String LAST_EVENT_AGE = "coinpulse.ingest.last.event.age";
    public static final String FRAMES = "coinpulse.ingest.frames.received";
    public static final String FRAMES_DROPPED = "coinpulse.ingest.frames.dropped";
    public static final String RECONNECTS = "coinpulse.ingest.reconnects";
    public static final String STALLS = "coinpulse.ingest.stalls";
    public static final String RATE_LIMITED = "coinpulse.ingest.rate.limited";

    /** The publishing channels, for the failure counter's tag. */
    public static final List<String> CHANNELS = List.of("ticks-out", "dlq-out");

    /** Why a source waited before a request: the API said so (HTTP 429) or its own per-minute budget. */
    public static final List<String> RATE_LIMIT_REASONS = List.of(SourceMeters.HTTP_429, SourceMeters.BUDGET);

    private final MeterRegistry registry;
    private final ConcurrentMap<String, SourceMeters> bySource = new ConcurrentHashMap<>();
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of {@code source}, registered on first use. */
    public SourceMeters forSource(String source) {
        SourceMeters meters = bySource.get(source); // called per frame: no method reference allocated once registered
        return meters != null ? meters : bySource.computeIfAbsent(source, this::register);
    }

    private SourceMeters register(String source) {
        Counter received = Counter.builder(RECEIVED).description("Candidate ticks parsed out of the frames, valid or not")
                .tag("source", source).register(registry);
        Counter published = Counter.builder(PUBLISHED).description("Valid ticks acknowledged by Kafka on crypto.ticks")
                .tag("source", source).register(registry);
        Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
        for (Reason reason : Reason.values()) {
            rejected.put(reason, Counter.builder(REJECTED).description("Records rejected to crypto.ticks.dlq")
                    .tag("source", source).tag("reason", reason.code()).register(registry));
        }
        Map<String, Counter> skipped = byTag(TickResult.Skipped.REASONS, reason -> Counter.builder(SKIPPED)
                .description("Entries of frames whose symbol the connector cannot map; not published, not in the DLQ")
                .tag("source", source).tag("reason", reason).register(registry));
        Map<String, Counter> failures = byTag(CHANNELS, channel -> Counter.builder(PUBLISH_FAILURES)
                .description("Records Kafka did not accept after its retries")
                .tag("source", source).tag("channel", channel).register(registry));
        Counter frames = Counter.builder(FRAMES).description("Raw frames received (messages, response bodies)")
                .tag("source", source).register(registry);
        Counter dropped = Counter.builder(FRAMES_DROPPED)
                .description("Frames dropped because the source's queue was full (Kafka far behind)")
                .tag("source", source).register(registry);
        Counter reconnects = Counter.builder(RECONNECTS)
                .description("Connection or request attempts after a failure or a lost, silent or expiring connection")
                .tag("source", source).register(registry);
        Counter stalls = Counter.builder(STALLS)
                .description("WebSocket connections that stalled (no message within the silence timeout) and were replaced")
                .tag("source", source).register(registry);
        Map<String, Counter> rateLimited = byTag(RATE_LIMIT_REASONS, reason -> Counter.builder(RATE_LIMITED)
                .description("Waits imposed by the API (http_429) or by the source's request budget (budget)")
                .tag("source", source).tag("reason", reason).register(registry));
        SourceMeters meters = new SourceMeters(source, received, published, rejected, skipped, failures, frames, dropped,
                reconnects, stalls, rateLimited);
        gauges.add(Gauge.builder(LAST_EVENT_AGE, meters, SourceMeters::lastEventAgeSeconds)
                .description("Seconds since Kafka acknowledged the source's last valid tick (NaN before the first)")
                .baseUnit("seconds").tag("source", source).strongReference(true).register(registry));
        return meters;
    }

    /**
     * Removes the gauges at shutdown: a registry that outlives the application (Micrometer's global composite, as
     * when tests restart Quarkus in one JVM) would otherwise keep reading this instance's meters, and a later
     * registration of the same gauge would get the stale one back.
     */
    @PreDestroy
    void removeGauges() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }

    private static Map<String, Counter> byTag(List<String> values, Function<String, Counter> counter) {
        return values.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), counter));
    }
}
