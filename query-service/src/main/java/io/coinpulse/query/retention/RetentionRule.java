package io.coinpulse.query.retention;

import java.time.Duration;
import java.util.Optional;

/**
 * How the expired rows of one table (or one part of it) are found: every statement a constant text on an index
 * range. {@code partitions}, when present, lists the values of the leading index column (a window size, a
 * period); {@code delete} then takes that value first, the cutoff (epoch ms) and the batch size.
 *
 * @param name the {@code table} tag of the metrics and the key of the report ({@code window_metrics_1m}, …)
 * @param keep how long rows are kept; zero keeps them forever
 * @param partitions the query listing the leading index column's values, if the delete needs one
 * @param delete {@code DELETE … LIMIT ?} of expired rows
 */
record RetentionRule(String name, Duration keep, Optional<String> partitions, String delete) {

    /** Whether this rule deletes anything. */
    boolean enabled() {
        return !keep.isZero() && !keep.isNegative();
    }

    static RetentionRule of(String name, Duration keep, String delete) {
        return new RetentionRule(name, keep, Optional.empty(), delete);
    }

    static RetentionRule partitioned(String name, Duration keep, String partitions, String delete) {
        return new RetentionRule(name, keep, Optional.of(partitions), delete);
    }
}
