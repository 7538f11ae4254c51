package io.coinpulse.ingest.source.replay;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which lines of a replay file are safe: a line is settled once every record it produced is acknowledged by Kafka
 * (or in the journal). Acknowledgements arrive out of order across partitions, so the position kept is the number of
 * lines from the start that are all settled. Only lines with records awaiting acknowledgement are held, at most
 * {@code max-in-flight} of them.
 */
final class AckedLines {

    private final ConcurrentSkipListMap<Long, AtomicInteger> open = new ConcurrentSkipListMap<>();
    private volatile long handed;

    /** @param start lines already settled before this run (the resumed position) */
    AckedLines(long start) {
        this.handed = start;
    }

    /**
     * Line {@code line} (0-based) is about to hand {@code records} records over; the returned callback runs once per
     * record settled. Call before handing them over, then {@link #handedOver}.
     */
    Runnable expect(long line, int records) {
        if (records == 0) {
            return () -> { };
        }
        AtomicInteger left = new AtomicInteger(records);
        open.put(line, left);
        return () -> {
            if (left.decrementAndGet() == 0) {
                open.remove(line);
            }
        };
    }

    /** Every line before {@code lines} is handed over (read, and its records given to the publisher). */
    void handedOver(long lines) {
        handed = lines;
    }

    /** Lines from the start of the file whose every record is settled. */
    long settled() {
        long upTo = handed; // read first: any line before it was registered before it was set
        Map.Entry<Long, AtomicInteger> oldest = open.firstEntry();
        return oldest == null ? upTo : Math.min(oldest.getKey(), upTo);
    }
}
