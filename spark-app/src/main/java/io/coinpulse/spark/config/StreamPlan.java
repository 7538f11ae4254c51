package io.coinpulse.spark.config;

/**
 * How mode {@code stream} lays out its work. {@code one-pass}: one streaming query reads and parses
 * the topic once, drops duplicates within the watermark (its only state) and, per micro-batch,
 * aggregates every window size's partial windows and merges them into the stored windows.
 * {@code per-size}: per window size a stateful aggregation query, plus the lake's own queries.
 */
public enum StreamPlan {

    ONE_PASS("one-pass"),
    PER_SIZE("per-size");

    private final String label;

    StreamPlan(String label) {
        this.label = label;
    }

    /** The plan for its label, or null. */
    public static StreamPlan parse(String label) {
        for (StreamPlan p : values()) {
            if (p.label.equalsIgnoreCase(label == null ? "" : label.trim())) {
                return p;
            }
        }
        return null;
    }

    public String label() {
        return label;
    }
}
