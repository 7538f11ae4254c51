package io.coinpulse.spark.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;

import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.WindowSize;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The Parquet lake at {@code coinpulse.lake.path} (SPEC §5), written by file-sink streaming queries:
 * Spark's file-sink log ({@code _spark_metadata}) records the files of each committed micro-batch,
 * and readers of the directory see only those, so a replayed batch never shows twice (exactly-once).
 *
 * <pre>
 * &lt;lake&gt;/ticks/date=2026-03-01/hour=0/part-….parquet          raw valid ticks, by event time (UTC)
 * &lt;lake&gt;/window_metrics/1m/date=2026-03-01/part-….parquet     final windows of size 1m, by window start
 * </pre>
 *
 * Read each directory as a whole ({@code spark.read().parquet("<lake>/ticks")}): the log is at its
 * root; reading a single partition directory bypasses it.
 */
public final class Lake {

    /** Directory of raw ticks under the lake root. */
    public static final String TICKS = "ticks";
    /** Query names of the lake writers. */
    public static final String TICKS_QUERY = "lake-ticks";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Lake() {
    }

    /** Directory of the final windows of one size under the lake root. */
    public static String windowsDir(WindowSize size) {
        return "window_metrics/" + size.label();
    }

    /** Query name of the lake writer of one window size. */
    public static String windowsQuery(WindowSize size) {
        return "lake-window-metrics-" + size.label();
    }

    /** Valid ticks (columns of {@code TickParser.parse}) as the lake stores them, with partition columns {@code date} and {@code hour}. */
    public static Dataset<Row> ticks(Dataset<Row> validTicks) {
        return validTicks.select(col("source"), col("kind"), col("asset"), col("quote"), col("price"), col("size"),
                col("volume_24h"), col("market_cap"), col("event_time"), col("event_time_ms"), col("ingest_time_ms"),
                col("id"), col("kafka_partition"), col("kafka_offset"),
                date_format(col("event_time"), "yyyy-MM-dd").as("date"), hour(col("event_time")).as("hour"));
    }

    /** Window rows (columns of {@code WindowMetrics}) with partition column {@code date} of their start. */
    public static Dataset<Row> windows(Dataset<Row> windowRows) {
        return windowRows.withColumn("date", date_format(timestamp_millis(col("window_start")), "yyyy-MM-dd"));
    }

    /** Starts the query writing raw valid ticks to {@code <lake>/ticks}, append only. */
    public static StreamingQuery startTicks(Dataset<Row> validTicks, JobConfig config) throws TimeoutException {
        return ticks(validTicks).writeStream()
                .queryName(TICKS_QUERY)
                .format("parquet")
                .outputMode(OutputMode.Append())
                .partitionBy("date", "hour")
                .option("path", config.lakeOf(TICKS))
                .option("checkpointLocation", config.checkpointOf(TICKS_QUERY))
                .trigger(config.lakeWriterTrigger().toSpark())
                .start();
    }

    /**
     * Starts the query writing the windows of one size to {@code <lake>/window_metrics/<size>} once
     * they are final: output mode append emits a window exactly once, when the watermark passes its end.
     *
     * @param windowRows the streaming aggregation of {@code WindowMetrics.aggregate}
     */
    public static StreamingQuery startWindows(Dataset<Row> windowRows, WindowSize size, JobConfig config) throws TimeoutException {
        return windows(windowRows).writeStream()
                .queryName(windowsQuery(size))
                .format("parquet")
                .outputMode(OutputMode.Append())
                .partitionBy("date")
                .option("path", config.lakeOf(windowsDir(size)))
                .option("checkpointLocation", config.checkpointOf(windowsQuery(size)))
                .trigger(config.lakeWriterTrigger().toSpark())
                .start();
    }

    /**
     * The raw ticks with event time in {@code [from, to)} (epoch ms), partitions outside the range
     * pruned; empty when the lake has no ticks yet.
     */
    public static Dataset<Row> readTicks(SparkSession spark, String ticksDir, long from, long to) {
        return ticksIn(spark.read().parquet(ticksDir), from, to);
    }

    /**
     * Of the lake's raw ticks ({@code spark.read().parquet("<lake>/ticks")}), those with event time in
     * {@code [from, to)} (epoch ms): a filter on the partition columns {@code date} and {@code hour}
     * first, so Spark lists and reads only the hours of the range, then the exact one on
     * {@code event_time_ms}.
     */
    public static Dataset<Row> ticksIn(Dataset<Row> lakeTicks, long from, long to) {
        Instant first = Instant.ofEpochMilli(from);
        Instant last = Instant.ofEpochMilli(to - 1);
        Column date = col("date").cast("string");
        Column hour = col("hour");
        String firstDay = DAY.format(first);
        String lastDay = DAY.format(last);
        int firstHour = first.atZone(ZoneOffset.UTC).getHour();
        int lastHour = last.atZone(ZoneOffset.UTC).getHour();
        Column fromFirstHour = date.gt(lit(firstDay)).or(date.equalTo(lit(firstDay)).and(hour.geq(lit(firstHour))));
        Column toLastHour = date.lt(lit(lastDay)).or(date.equalTo(lit(lastDay)).and(hour.leq(lit(lastHour))));
        return lakeTicks.where(fromFirstHour.and(toLastHour))
                .where(col("event_time_ms").geq(lit(from)).and(col("event_time_ms").lt(lit(to))));
    }
}
