package io.coinpulse.spark.transform;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import io.coinpulse.spark.config.WindowSize;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The window metrics of SPEC §4 over parsed, deduplicated ticks: event-time tumbling windows
 * aligned to the epoch (UTC), per {@code (source, asset, window)}. The first and last record of a
 * window are the ones with the smallest and largest {@code (event time, Kafka partition, Kafka
 * offset)}: order by event time, ties by arrival order in the topic (the key is the asset, so one
 * asset's records share a partition), packed into one fixed-width {@link ArrivalOrder} key so every
 * aggregation buffer is fixed-width and Spark aggregates in its hash map.
 *
 * <p>Output columns, named as in table {@code window_metrics}: {@code source, asset, window_size,
 * window_start, window_end} (epoch ms), {@code open, high, low, close, avg_price, tick_count,
 * trade_count, volume_base, volume_quote, vwap} (null without trades), {@code price_stddev}
 * (population), {@code pct_change}.
 */
public final class WindowMetrics {

    private WindowMetrics() {
    }

    /** Window metrics of {@code ticks} (columns as {@link TickParser#parse} gives them) for one window size. */
    public static Dataset<Row> aggregate(Dataset<Row> ticks, WindowSize size) {
        Column order = ArrivalOrder.key(size.length().toMillis());
        Column isTrade = col("kind").equalTo("trade");
        return ticks
                .groupBy(col("source"), col("asset"), window(col("event_time"), size.sparkInterval()).as("window"))
                .agg(min_by(col("price"), order).as("open"),
                        max(col("price")).as("high"),
                        min(col("price")).as("low"),
                        max_by(col("price"), order).as("close"),
                        avg(col("price")).as("avg_price"),
                        count(lit(1)).as("tick_count"),
                        count(when(isTrade, lit(1))).as("trade_count"),
                        coalesce(sum(when(isTrade, col("size"))), lit(0.0)).as("volume_base"),
                        coalesce(sum(when(isTrade, col("price").multiply(col("size")))), lit(0.0)).as("volume_quote"),
                        stddev_pop(col("price")).as("price_stddev"))
                .select(col("source"),
                        col("asset"),
                        lit(size.label()).as("window_size"),
                        unix_millis(col("window.start")).as("window_start"),
                        unix_millis(col("window.end")).as("window_end"),
                        col("open"),
                        col("high"),
                        col("low"),
                        col("close"),
                        col("avg_price"),
                        col("tick_count"),
                        col("trade_count"),
                        col("volume_base"),
                        col("volume_quote"),
                        when(col("trade_count").gt(0), col("volume_quote").divide(col("volume_base"))).as("vwap"),
                        col("price_stddev"),
                        col("close").minus(col("open")).divide(col("open")).multiply(100).as("pct_change"));
    }
}
