package io.coinpulse.ingest.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records dropped because the journal was full: counted per source
 * ({@code coinpulse.ingest.journal.dropped{source}}) and logged at most once a minute.
 */
final class JournalDrops {

    static final String DROPPED = "coinpulse.ingest.journal.dropped";
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> bySource = new ConcurrentHashMap<>();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    JournalDrops(MeterRegistry registry) {
        this.registry = registry;
    }

    void dropped(String source, long capacityBytes) {
        counter(source).increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            Log.errorf("The ingest journal is full (%d bytes, coinpulse.ingest.journal.max-bytes): Kafka has been away too"
                    + " long, new records are dropped; dropped so far per source: %s", capacityBytes, counts());
        }
    }

    /** Registers the counter of a source at zero, so it shows before its first drop. */
    Counter counter(String source) {
        return bySource.computeIfAbsent(source, s -> Counter.builder(DROPPED)
                .description("Records dropped because the journal was full (Kafka away beyond the bound)")
                .tag("source", s).register(registry));
    }

    Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        bySource.forEach((source, counter) -> counts.put(source, (long) counter.count()));
        return counts;
    }
}
