package io.coinpulse.spark.transform;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Event-time watermark and duplicate removal on parsed ticks (SPEC §4): a second record with the
 * same {@code (source, id)} counts once, however far apart the two arrive, as long as both are
 * within the watermark; records behind the watermark are dropped by Spark and reported in each
 * micro-batch's progress ({@code numRowsDroppedByWatermark}).
 */
public final class TickDeduplicator {

    private TickDeduplicator() {
    }

    /**
     * Ticks with a watermark on {@code event_time} trailing the largest event time seen by
     * {@code delay} (Spark interval notation, e.g. {@code 30 seconds}), each {@code (source, id)} once.
     * A batch Dataset (backfill, tests) has no watermark: every duplicate is dropped.
     */
    public static Dataset<Row> deduplicate(Dataset<Row> ticks, String delay) {
        if (!ticks.isStreaming()) {
            return ticks.dropDuplicates("source", "id");
        }
        return ticks.withWatermark("event_time", delay).dropDuplicatesWithinWatermark("source", "id");
    }
}
