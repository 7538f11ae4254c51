package io.coinpulse.spark.batch;

import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.sink.EarliestWindows;
import io.coinpulse.spark.sink.WindowMetricsWriter;
import java.util.Iterator;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Writes one partition of a backfill chunk's windows, final ({@link WindowMetricsWriter} with
 * {@code asFinal}), and counts what passes on the way — windows, their ticks and, when asked, the
 * earliest window of each series — so that one Spark job per chunk does it all.
 */
final class BackfillWriter implements ForeachPartitionFunction<Row> {

    private static final long serialVersionUID = 1L;

    private final WindowMetricsWriter writer;
    private final LongAccumulator windows;
    private final LongAccumulator ticks;
    private final EarliestWindows earliest;

    /**
     * @param db where to write
     * @param upserted counts the rows written
     * @param windows counts the windows computed
     * @param ticks sums their {@code tick_count}
     * @param earliest gathers the earliest window start per series, or null
     */
    BackfillWriter(DbSettings db, LongAccumulator upserted, LongAccumulator windows, LongAccumulator ticks,
            EarliestWindows earliest) {
        this.writer = new WindowMetricsWriter(db, upserted, true);
        this.windows = windows;
        this.ticks = ticks;
        this.earliest = earliest;
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
        writer.call(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                Row r = rows.next();
                windows.add(1);
                ticks.add(r.<Long>getAs("tick_count"));
                if (earliest != null) {
                    earliest.add(r.<String>getAs("source"), r.<String>getAs("asset"), r.<Long>getAs("window_start"));
                }
                return r;
            }
        });
    }
}
