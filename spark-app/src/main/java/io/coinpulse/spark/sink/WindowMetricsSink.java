package io.coinpulse.spark.sink;

import io.coinpulse.spark.analytics.AnalyticsWorker;
import io.coinpulse.spark.config.DbSettings;
import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * The {@code foreachBatch} sink of one window-metrics query. Each micro-batch's updated windows
 * (output mode update: every row carries the window's full state) are, in one pass on the executors
 * ({@link WindowUpdateWriter}),
 * <ol>
 * <li>upserted into {@code window_metrics} (idempotent);
 * <li>published to {@code crypto.metrics} as JSON, key = asset (at-least-once: a replayed batch
 *     publishes its rows again, with the same content): live dashboards get them first;
 * <li>for the 1m query, gathered per series (the earliest window changed), which the driver then
 *     marks for the derived analytics (indicators, movers, alerts): {@link AnalyticsWorker}
 *     recomputes them outside the micro-batch, so the next one may start;
 * <li>then, on the driver, every window the batch's watermark has passed is made final
 *     ({@link Finality}): its final state published to {@code crypto.metrics}, then marked.
 * </ol>
 * A failure for a reason that passes (the database away, a deadlock, a broker timeout) retries the
 * batch's writes with backoff within {@code coinpulse.db.retry-budget}: the batch is computed once and
 * every step is idempotent, so the retry writes the same rows. Runs for no-data micro-batches too, with nothing to write.
 */
public final class WindowMetricsSink implements VoidFunction2<Dataset<Row>, Long> {

    private static final long serialVersionUID = 1L;

    private final String queryName;
    private final DbSettings db;
    private final transient SinkOutputs out;
    private final transient SparkSession spark;
    private final transient Finality finality;
    private final transient LongAccumulator upserted;
    private final transient EarliestWindows earliest;
    private final Map<String, Object> producerProperties;
    private final String metricsTopic;

    /** @param windowSize label of the query's window size */
    public WindowMetricsSink(SparkSession spark, String queryName, String windowSize, SinkOutputs out) {
        this.queryName = queryName;
        this.spark = spark;
        this.out = out;
        this.db = out.db();
        this.finality = new Finality(new WindowMetricsRepository(db), windowSize, out.publishFinal());
        this.upserted = spark.sparkContext().longAccumulator(queryName + ".upserted");
        this.earliest = out.analytics() == null ? null : new EarliestWindows();
        if (earliest != null) {
            spark.sparkContext().register(earliest, queryName + ".earliest");
        }
        this.producerProperties = out.producerProperties();
        this.metricsTopic = out.metricsTopic();
    }

    /** Writes the batch within the retry budget from a cached copy ({@link BatchRun#cachedWithRetry}). */
    @Override
    public void call(Dataset<Row> batch, Long batchId) throws Exception {
        BatchRun.cachedWithRetry(batch, queryName + " batch " + batchId, out.retryBudget(), rows -> write(rows, batchId));
    }

    private void write(Dataset<Row> rows, long batchId) throws Exception {
        BatchRun run = new BatchRun();
        upserted.reset();
        if (earliest != null) {
            earliest.reset();
        }
        // the cached batch: a retry writes the same rows again
        rows.foreachPartition(new WindowUpdateWriter(db, upserted, producerProperties, metricsTopic, earliest));
        long written = upserted.value();
        run.lap(producerProperties != null ? "aggregate+upsert+publish" : "aggregate+upsert");
        if (written > 0 && out.analytics() != null) {
            out.analytics().mark(earliest.value());
            run.lap("mark");
        }
        int finalized = finality.advance(Finality.currentWatermark(spark));
        if (finalized > 0) {
            run.lap("final");
        }
        out.monitor().written(queryName, batchId, written, finalized, run.phases());
    }
}
