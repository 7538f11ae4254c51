package io.coinpulse.spark.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;

import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.WindowSize;
import java.sql.Timestamp;
import java.util.concurrent.TimeoutException;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The rows of the lake's Iceberg tables ({@link LakeTables}, SPEC §5): what each stores, the
 * per-size plan's streaming writes, and the batch modes' read of the raw ticks.
 */
public final class Lake {

    /** Query name of the per-size plan's raw-tick writer. */
    public static final String TICKS_QUERY = "lake-ticks";

    private Lake() {
    }

    /** Query name of the per-size plan's lake writer of one window size. */
    public static String windowsQuery(WindowSize size) {
        return "lake-window-metrics-" + size.label();
    }

    /** Valid ticks (columns of {@code TickParser.parse}) as table {@value LakeTables#TICKS} stores them. */
    public static Dataset<Row> ticks(Dataset<Row> validTicks) {
        return validTicks.select(col("source"), col("kind"), col("asset"), col("quote"), col("price"), col("size"),
                col("volume_24h"), col("market_cap"), col("event_time"), col("event_time_ms"), col("ingest_time_ms"),
                col("id"), col("kafka_partition"), col("kafka_offset"));
    }

    /** Window rows (columns of {@code WindowMetrics}) with {@code window_start_time}, the start as a timestamp (the day partition). */
    public static Dataset<Row> windows(Dataset<Row> windowRows) {
        return windowRows.withColumn("window_start_time", timestamp_millis(col("window_start")));
    }

    /**
     * Per-size plan: starts the query appending valid, deduplicated ticks to table
     * {@value LakeTables#TICKS} with Iceberg's streaming sink, exactly once (Iceberg skips an epoch
     * the table already holds).
     */
    public static StreamingQuery startTicks(Dataset<Row> ticks, LakeTables tables, JobConfig config) throws TimeoutException {
        return ticks(ticks).writeStream()
                .queryName(TICKS_QUERY)
                .format("iceberg")
                .outputMode(OutputMode.Append())
                .option("checkpointLocation", config.checkpointOf(TICKS_QUERY))
                .trigger(config.lakeWriterTrigger().toSpark())
                .toTable(tables.name(LakeTables.TICKS));
    }

    /**
     * Per-size plan: starts the query appending the windows of one size to table
     * {@value LakeTables#WINDOWS} once they are final (output mode append emits a window once, when
     * the watermark passes its end).
     *
     * @param windowRows the streaming aggregation of {@code WindowMetrics.aggregate}
     */
    public static StreamingQuery startWindows(Dataset<Row> windowRows, WindowSize size, LakeTables tables, JobConfig config)
            throws TimeoutException {
        return windows(windowRows).writeStream()
                .queryName(windowsQuery(size))
                .format("iceberg")
                .outputMode(OutputMode.Append())
                .option("checkpointLocation", config.checkpointOf(windowsQuery(size)))
                .trigger(config.lakeWriterTrigger().toSpark())
                .toTable(tables.name(LakeTables.WINDOWS));
    }

    /**
     * The raw ticks of the table's current snapshot (pinned: every action on the result reads the
     * same rows, whatever is committed meanwhile), empty while the table has none.
     */
    public static Dataset<Row> ticksSnapshot(SparkSession spark, LakeTables tables) {
        Snapshot current = tables.load(LakeTables.TICKS).currentSnapshot();
        String table = tables.name(LakeTables.TICKS);
        return current == null ? spark.table(table) : spark.sql("SELECT * FROM " + table + " VERSION AS OF " + current.snapshotId());
    }

    /**
     * Of the lake's raw ticks, those with event time in {@code [from, to)} (epoch ms): a filter on
     * {@code event_time}, from which Iceberg prunes the hour partitions and files outside the range.
     */
    public static Dataset<Row> ticksIn(Dataset<Row> lakeTicks, long from, long to) {
        return lakeTicks.where(col("event_time").geq(lit(new Timestamp(from))).and(col("event_time").lt(lit(new Timestamp(to)))));
    }
}
