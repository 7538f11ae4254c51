package io.coinpulse.spark.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.coinpulse.spark.config.TimeRange;
import io.coinpulse.spark.config.WindowSize;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * The windows of SPEC §4 recomputed in batch from raw ticks (the lake's): the same aggregation as
 * the stream ({@link WindowMetrics#aggregate}), after the same duplicate rule — of the records with
 * one {@code (source, id)} the first to arrive counts (smallest Kafka partition and offset), as in
 * the stream, where the later copies are the ones dropped.
 */
public final class BatchWindows {

    /** The tick columns the duplicate rule and the aggregation read: the lake's others are never loaded. */
    public static final List<String> COLUMNS = List.of("source", "kind", "asset", "price", "size", "event_time", "event_time_ms",
            "id", "kafka_partition", "kafka_offset");

    private BatchWindows() {
    }

    /** The event times {@code [from, to)} a recomputation of {@code range} reads for {@code size}: whole windows. */
    public static long[] tickRange(TimeRange range, WindowSize size) {
        long ms = size.length().toMillis();
        long from = range.firstStart(size);
        long to = Math.floorDiv(range.to() + ms - 1, ms) * ms;
        return new long[] {from, to};
    }

    /** Each {@code (source, id)} once: its first arrival. */
    public static Dataset<Row> firstArrivals(Dataset<Row> ticks) {
        return ticks.withColumn("_arrival", row_number().over(Window.partitionBy(col("source"), col("id"))
                        .orderBy(col("kafka_partition"), col("kafka_offset"))))
                .where(col("_arrival").equalTo(lit(1))).drop("_arrival");
    }

    /**
     * The windows of {@code size} whose start is in {@code range}, from raw ticks that cover at
     * least {@link #tickRange}.
     */
    public static Dataset<Row> recompute(Dataset<Row> rawTicks, WindowSize size, TimeRange range) {
        long[] ticks = tickRange(range, size);
        Dataset<Row> inRange = rawTicks.select(COLUMNS.stream().map(functions::col).toArray(Column[]::new)).where(col("event_time_ms").geq(lit(ticks[0])).and(col("event_time_ms").lt(lit(ticks[1]))));
        return WindowMetrics.aggregate(firstArrivals(inRange), size)
                .where(col("window_start").geq(lit(range.from())).and(col("window_start").lt(lit(range.to()))));
    }
}
