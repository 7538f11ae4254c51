package io.coinpulse.spark.sink;

import io.coinpulse.spark.analytics.AnalyticsWorker;
import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.transform.PartialWindows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.StreamExecution;
import org.apache.spark.util.LongAccumulator;

/**
 * The {@code foreachBatch} sink of the one-pass stream: each micro-batch's new, deduplicated valid
 * ticks, computed once (cached), then
 * <ol>
 * <li>aggregated into partial windows of every size ({@link PartialWindows}) and merged into the
 *     stored windows on the executors ({@link WindowMerger}: upsert, {@code crypto.metrics}, the
 *     series whose 1m windows changed);
 * <li>the changed series marked for the derived analytics ({@link AnalyticsWorker});
 * <li>the batch's ticks, and the windows its watermark has passed, handed to the lake writer, if any;
 * <li>those windows made final ({@link Finality}), per size: published final, then marked.
 * </ol>
 * A failure for a reason that passes is retried within the budget
 * ({@link io.coinpulse.spark.jdbc.Retry}): every step is idempotent per batch id.
 */
public final class OnePassSink implements VoidFunction2<Dataset<Row>, Long> {

    private static final long serialVersionUID = 1L;
    /** The query id of batches written outside a streaming query (tests). */
    static final String NO_QUERY = "00000000-0000-0000-0000-000000000000";

    /** Writes a batch's ticks and the windows that became final to the lake, idempotently per batch. */
    @FunctionalInterface
    public interface LakeWriter {
        void write(Dataset<Row> ticks, long batchId, long watermarkMs) throws Exception;

        /** Writes what it holds back, once the stream has stopped. */
        default void flush() throws Exception {
        }
    }

    private final String queryName;
    private final List<WindowSize> sizes;
    private final DbSettings db;
    private final transient SinkOutputs out;
    private final transient SparkSession spark;
    private final transient Map<String, Finality> finality = new LinkedHashMap<>();
    private final transient LongAccumulator upserted;
    private final transient EarliestWindows earliest;
    private final transient AnalyticsWorker analytics;
    private final transient LakeWriter lake;

    /** @param lake the lake writer, or null: no lake */
    public OnePassSink(SparkSession spark, String queryName, List<WindowSize> sizes, SinkOutputs out, LakeWriter lake) {
        this.spark = spark;
        this.queryName = queryName;
        this.sizes = List.copyOf(sizes);
        this.out = out;
        this.db = out.db();
        WindowMetricsRepository repository = new WindowMetricsRepository(db);
        sizes.forEach(s -> finality.put(s.label(), new Finality(repository, s.label(), out.publishFinal())));
        this.upserted = spark.sparkContext().longAccumulator(queryName + ".upserted");
        this.analytics = sizes.stream().anyMatch(s -> s.label().equals("1m")) ? out.analytics() : null;
        this.earliest = new EarliestWindows();
        spark.sparkContext().register(earliest, queryName + ".earliest");
        this.lake = lake;
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) throws Exception {
        BatchRun.cachedWithRetry(batch, queryName + " batch " + batchId, out.retryBudget(), ticks -> write(ticks, batchId));
    }

    private void write(Dataset<Row> ticks, long batchId) throws Exception {
        BatchRun run = new BatchRun();
        upserted.reset();
        earliest.reset();
        String queryId = spark.sparkContext().getLocalProperty(StreamExecution.QUERY_ID_KEY());
        PartialWindows.aggregate(ticks, sizes).foreachPartition(new WindowMerger(db, batchId,
                queryId == null ? NO_QUERY : queryId, out.producerProperties(), out.metricsTopic(),
                upserted, analytics == null ? null : earliest));
        long written = upserted.value();
        run.lap("aggregate+merge");
        if (written > 0 && analytics != null) {
            analytics.mark(earliest.value());
            run.lap("mark");
        }
        long watermark = Finality.currentWatermark(spark);
        if (lake != null) {
            // before the windows are marked: the lake takes those still open that the watermark has passed
            lake.write(ticks, batchId, watermark);
            run.lap("lake");
        }
        int finalized = 0;
        for (Finality f : finality.values()) {
            finalized += f.advance(watermark);
        }
        run.lap("final");
        out.monitor().written(queryName, batchId, written, finalized, run.phases());
    }
}
