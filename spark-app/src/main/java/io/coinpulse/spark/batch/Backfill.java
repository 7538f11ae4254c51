package io.coinpulse.spark.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import io.coinpulse.spark.analytics.DerivedAnalytics;
import io.coinpulse.spark.analytics.SeriesKey;
import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.TimeRange;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.lake.Lake;
import io.coinpulse.spark.monitor.TaskMetricsListener;
import io.coinpulse.spark.sink.Retry;
import io.coinpulse.spark.sink.WindowMetricsRepository;
import io.coinpulse.spark.sink.WindowMetricsWriter;
import io.coinpulse.spark.transform.BatchWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code backfill}: the windows of every configured size whose start is in
 * {@code [coinpulse.backfill.from, coinpulse.backfill.to)}, recomputed from the raw ticks in the lake
 * ({@link BatchWindows}, the stream's own aggregation) and written through the stream's idempotent
 * upsert ({@link WindowMetricsWriter}); the windows are then final. Then, unless switched off, the
 * derived analytics of the changed 1m series from the range on. Chunk by chunk (an hour of windows,
 * or one window when larger), with a progress bar on the terminal; the run is recorded in
 * {@code pipeline_runs}. Running it again gives the same rows.
 */
public final class Backfill {

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    private static final long CHUNK = Duration.ofHours(1).toMillis();

    private Backfill() {
    }

    /** What a backfill did. */
    public record Result(String runId, long windows, long ticks, int chunks, int finalized) {
    }

    public static Result run(SparkSession spark, JobConfig config) throws Exception {
        TimeRange range = config.range();
        String runId = UUID.randomUUID().toString();
        long started = System.currentTimeMillis();
        WindowMetricsRepository windows = new WindowMetricsRepository(config.db());
        windows.awaitTable(config.dbWaitTimeout());
        TaskMetricsListener tasks = new TaskMetricsListener();
        spark.sparkContext().addSparkListener(tasks);
        String group = "coinpulse-backfill-" + runId;
        spark.sparkContext().setJobGroup(group, "backfill " + range, false);
        try {
            Dataset<Row> lake = spark.read().parquet(config.lakeOf(Lake.TICKS));
            List<Chunk> chunks = chunks(range, config.windows());
            LongAccumulator upserted = spark.sparkContext().longAccumulator("backfill.upserted");
            long windowCount = 0;
            long ticks = 0;
            int finalized = 0;
            Map<SeriesKey, Long> earliest = new HashMap<>();
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("backfill").setInitialMax(chunks.size())
                    .setUnit(" chunks", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .showSpeed().build()) {
                for (Chunk chunk : chunks) {
                    bar.setExtraMessage(" " + chunk.size().label() + " windows from " + Instant.ofEpochMilli(chunk.range().from()));
                    Dataset<Row> rows = BatchWindows.recompute(lake, chunk.size(), chunk.range()).persist();
                    try {
                        Retry.withBudget("backfill of " + chunk, config.dbRetryBudget(), () -> {
                            upserted.reset();
                            rows.foreachPartition(new WindowMetricsWriter(config.db(), upserted));
                        });
                        Row totals = rows.agg(count(lit(1)), sum(col("tick_count"))).first();
                        windowCount += totals.getLong(0);
                        if (chunk.size().equals(config.windows().get(0))) {
                            ticks += totals.isNullAt(1) ? 0 : totals.getLong(1);
                        }
                        if (chunk.size().label().equals("1m")) {
                            for (Row r : rows.groupBy(col("source"), col("asset")).agg(min(col("window_start"))).collectAsList()) {
                                earliest.merge(new SeriesKey(r.getString(0), r.getString(1)), r.getLong(2), Math::min);
                            }
                        }
                        finalized += Retry.withBudget("marking " + chunk + " final", config.dbRetryBudget(),
                                () -> windows.markFinalRange(chunk.size().label(), chunk.range().from(), chunk.range().to()));
                    } finally {
                        rows.unpersist();
                    }
                    bar.step();
                }
            }
            if (config.backfillAnalytics() && !earliest.isEmpty()) {
                DerivedAnalytics analytics = new DerivedAnalytics(config.db(), config.analytics());
                DerivedAnalytics.Outcome outcome = Retry.withBudget("derived analytics of the backfill", config.dbRetryBudget(),
                        () -> analytics.update(earliest, System.currentTimeMillis(), null));
                LOG.info("backfill {}: derived analytics of {} series recomputed: {} indicator rows, {} movers rankings, {} new alerts",
                        runId, earliest.size(), outcome.indicatorRows(), outcome.rankings(), outcome.newAlerts().size());
            }
            long finished = System.currentTimeMillis();
            TaskMetricsListener.Usage usage = tasks.take(group, 2000);
            long duration = Math.max(1, finished - started);
            new PipelineRunRepository(config.db()).insert(new PipelineRun(runId, "backfill", range.from(), range.to(),
                    config.windows().stream().map(WindowSize::label).collect(Collectors.joining(",")), started, finished, "done",
                    windowCount, ticks, duration, ticks * 1000.0 / duration, null, null, usage.cpuMillis(), usage.peakMemoryBytes(),
                    null, null, null, null, null, null, null, null, null, null, null, null, null), List.of());
            LOG.info("backfill {} of {} done in {} s: {} windows from {} ticks in {} chunks, {} rows became final",
                    runId, range, duration / 1000.0, windowCount, ticks, chunks.size(), finalized);
            return new Result(runId, windowCount, ticks, chunks.size(), finalized);
        } finally {
            spark.sparkContext().clearJobGroup();
            spark.sparkContext().removeSparkListener(tasks);
        }
    }

    /** The windows of one size starting in a part of the range. */
    record Chunk(WindowSize size, TimeRange range) {

        @Override
        public String toString() {
            return size.label() + " windows " + range;
        }
    }

    /** Per size, the range in steps of an hour of windows (whole windows: at least one). */
    static List<Chunk> chunks(TimeRange range, List<WindowSize> sizes) {
        List<Chunk> out = new ArrayList<>();
        for (WindowSize size : sizes) {
            long ms = size.length().toMillis();
            long step = Math.max(1, CHUNK / ms) * ms;
            for (long start = range.firstStart(size); start < range.to(); start += step) {
                out.add(new Chunk(size, new TimeRange(start, Math.min(range.to(), start + step))));
            }
        }
        return out;
    }
}
