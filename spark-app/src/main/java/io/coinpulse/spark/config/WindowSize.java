package io.coinpulse.spark.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * A tumbling window size: its label as configured and stored in {@code window_size} ({@code 1m})
 * and its length.
 */
public record WindowSize(String label, Duration length) implements Serializable {

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
