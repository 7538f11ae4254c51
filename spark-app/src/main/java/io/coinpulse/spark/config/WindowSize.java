package io.coinpulse.spark.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * A tumbling window size: its label as configured and stored in {@code window_size} ({@code 1m})
 * and its length.
 */
public record WindowSize(String label, Duration length) implements Serializable {

    /**
     * The longest window: 2^32 ms (about 49 days), so that an instant within a window, a Kafka
     * partition and an offset pack into one fixed-width ordering key (transform.ArrivalOrder).
     */
    public static final Duration MAX_LENGTH = Duration.ofMillis(1L << 32);

    /** The size from its label, e.g. {@code 1m}, {@code 5m}, {@code 1h}. */
    public static WindowSize parse(String label) {
        return new WindowSize(label, Durations.parse(label));
    }

    /** The length in Spark's interval notation, for {@code window(col, …)}. */
    public String sparkInterval() {
        return length.toMillis() + " milliseconds";
    }

    @Override
    public String toString() {
        return label;
    }
}
