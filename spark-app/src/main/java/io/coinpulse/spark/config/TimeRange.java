package io.coinpulse.spark.config;

import java.io.Serializable;
import java.time.Instant;

/**
 * A half-open range of window starts, {@code [from, to)}, epoch milliseconds: the windows a backfill
 * recomputes or a comparison checks.
 */
public record TimeRange(long from, long to) implements Serializable {

    public TimeRange {
        if (from >= to) {
            throw new IllegalArgumentException("empty range: from " + from + " is not before to " + to);
        }
    }

    /** The first window start of {@code size} at or after {@code from}. */
    public long firstStart(WindowSize size) {
        long ms = size.length().toMillis();
        return Math.floorDiv(from + ms - 1, ms) * ms;
    }

    /** The window starts of {@code size} in the range are the multiples of its length in {@code [firstStart, to)}. */
    public boolean hasWindows(WindowSize size) {
        return firstStart(size) < to;
    }

    @Override
    public String toString() {
        return "[" + Instant.ofEpochMilli(from) + ", " + Instant.ofEpochMilli(to) + ")";
    }
}
