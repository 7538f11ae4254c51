package io.coinpulse.spark.transform;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.var_pop;
import static org.apache.spark.sql.functions.when;

import io.coinpulse.spark.config.WindowSize;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The partial windows of a batch of ticks (a micro-batch's new, deduplicated ticks): per window size,
 * {@code (source, asset, window_start)}, the metrics of just these ticks in a mergeable form, by a
 * stateless batch aggregation over every size at once. Merged into the stored windows they give the
 * windows of {@link WindowMetrics} (SPEC §4).
 *
 * <p>Columns: {@code source, asset, window_size, window_start, window_end, tick_count, trade_count,
 * volume_base, volume_quote, high, low, open_order, open, close_order, close, price_mean, price_m2}.
 */
public final class PartialWindows {

    private PartialWindows() {
    }

    /** The partial windows of {@code ticks} (columns as {@link TickParser#parse} gives them) for every size. */
    public static Dataset<Row> aggregate(Dataset<Row> ticks, List<WindowSize> sizes) {
        Column[] each = sizes.stream()
                .map(s -> struct(lit(s.label()).as("label"), lit(s.length().toMillis()).as("ms")))
                .toArray(Column[]::new);
        Column isTrade = col("kind").equalTo("trade");
        Column ms = col("window.ms");
        Column order = ArrivalOrder.key(ms);
        return ticks.select(col("source"), col("kind"), col("asset"), col("price"), col("size"), col("event_time_ms"),
                        col("kafka_partition"), col("kafka_offset"), explode(array(each)).as("window"))
                .withColumn("window_start", col("event_time_ms").minus(pmod(col("event_time_ms"), ms)))
                .withColumn("order", order)
                .groupBy(col("source"), col("asset"), col("window.label").as("window_size"), col("window_start"), ms.as("window_ms"))
                .agg(count(lit(1)).as("tick_count"),
                        count(when(isTrade, lit(1))).as("trade_count"),
                        coalesce(sum(when(isTrade, col("size"))), lit(0.0)).as("volume_base"),
                        coalesce(sum(when(isTrade, col("price").multiply(col("size")))), lit(0.0)).as("volume_quote"),
                        max(col("price")).as("high"),
                        min(col("price")).as("low"),
                        min(col("order")).as("open_order"),
                        min_by(col("price"), col("order")).as("open"),
                        max(col("order")).as("close_order"),
                        max_by(col("price"), col("order")).as("close"),
                        avg(col("price")).as("price_mean"),
                        var_pop(col("price")).multiply(count(lit(1))).as("price_m2"))
                .withColumn("window_end", col("window_start").plus(col("window_ms")))
                .drop("window_ms");
    }
}
