package io.coinpulse.spark.sink;

import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.monitor.StreamMonitor;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The {@code foreachBatch} sink of one window-metrics query: each micro-batch's updated windows
 * (output mode update: every row carries the window's full state) are upserted into
 * {@code window_metrics} by the executors, and the row count reported to the {@link StreamMonitor}.
 * Runs for no-data micro-batches too, with nothing to write.
 */
public final class WindowMetricsSink implements VoidFunction2<Dataset<Row>, Long> {

    private static final long serialVersionUID = 1L;

    private final String queryName;
    private final DbSettings db;
    private final transient StreamMonitor monitor;
    private final transient LongAccumulator upserted;

    public WindowMetricsSink(SparkSession spark, String queryName, DbSettings db, StreamMonitor monitor) {
        this.queryName = queryName;
        this.db = db;
        this.monitor = monitor;
        this.upserted = spark.sparkContext().longAccumulator(queryName + ".upserted");
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
        upserted.reset();
        batch.foreachPartition(new WindowMetricsWriter(db, upserted));
        monitor.recordUpserted(queryName, batchId, upserted.value());
    }
}
