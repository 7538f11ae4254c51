package io.coinpulse.spark.monitor;

import static org.apache.spark.sql.functions.col;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.coinpulse.spark.analytics.SeriesKey;
import io.coinpulse.spark.transform.TickParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Which assets the records a micro-batch dropped behind the watermark belong to. Spark counts them
 * only in total ({@code numRowsDroppedByWatermark}); this reads the batch's Kafka offset range again
 * (only for a batch that dropped some, which is rare) and counts the valid ticks at or behind the
 * watermark the batch ran with, by source and asset: exactly the records Spark dropped.
 */
public final class LateRecordCounter {

    private final SparkSession spark;
    private final Map<String, String> kafkaOptions;
    private final String topic;

    /**
     * @param kafkaOptions the Kafka source's options ({@code kafka.bootstrap.servers}, security)
     * @param topic the topic of ticks
     */
    public LateRecordCounter(SparkSession spark, Map<String, String> kafkaOptions, String topic) {
        this.spark = spark;
        this.kafkaOptions = Map.copyOf(kafkaOptions);
        this.topic = topic;
    }

    /** The late records of one asset in one micro-batch. */
    public record Late(SeriesKey key, long records, long minEventTime, long maxEventTime) {
    }

    /**
     * Counts the valid ticks in the Kafka offsets {@code [startOffsets, endOffsets)} (the JSON of a
     * progress report's source; null start: from the earliest) whose event time is at or behind
     * {@code watermarkMs}.
     */
    public List<Late> count(String startOffsets, String endOffsets, long watermarkMs) {
        Dataset<Row> records = spark.read().format("kafka").options(kafkaOptions)
                .option("subscribe", topic)
                .option("startingOffsets", startOffsets == null ? "earliest" : startOffsets)
                .option("endingOffsets", endOffsets)
                .option("failOnDataLoss", "false")
                .load();
        List<Late> out = new ArrayList<>();
        for (Row r : TickParser.parse(records).where(col("event_time_ms").leq(lit(watermarkMs)))
                .groupBy(col("source"), col("asset"))
                .agg(functions.count(lit(1)), min(col("event_time_ms")), max(col("event_time_ms")))
                .orderBy(col("source"), col("asset")).collectAsList()) {
            out.add(new Late(new SeriesKey(r.getString(0), r.getString(1)), r.getLong(2), r.getLong(3), r.getLong(4)));
        }
        return out;
    }
}
