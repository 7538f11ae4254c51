package io.coinpulse.spark.batch;

import io.coinpulse.spark.analytics.DerivedAnalytics;
import io.coinpulse.spark.analytics.SeriesKey;
import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.TimeRange;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.jdbc.Retry;
import io.coinpulse.spark.lake.Lake;
import io.coinpulse.spark.lake.LakeTables;
import io.coinpulse.spark.monitor.TaskMetricsListener;
import io.coinpulse.spark.sink.EarliestWindows;
import io.coinpulse.spark.sink.WindowMetricsRepository;
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
 * ({@link BatchWindows}, the stream's own aggregation) and written final through the stream's
 * idempotent upsert ({@link io.coinpulse.spark.sink.WindowMetricsWriter}). Then, unless switched
 * off, the derived analytics of the changed 1m series from the range on. Chunk by chunk (an hour of
 * windows, or one window when larger), one Spark job each: it reads only the lake's hours (Iceberg
 * prunes the partitions by the filter on {@code event_time}) and columns the chunk needs, all
 * chunks from one snapshot of the table, writes the windows and counts them on the way ({@link BackfillWriter});
 * a progress bar on the terminal; the run is recorded in {@code pipeline_runs}. Running it again
 * gives the same rows.
 */
public final class Backfill {

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);
    private static final long CHUNK = Duration.ofHours(1).toMillis();

    private Backfill() {
    }

    /**
     * What a backfill did.
     *
     * @param finalized rows of the range final after it: those written, and any other the stream had left open
     */
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
            // one snapshot for the whole run: what the stream commits meanwhile is not half read
            Dataset<Row> lake = Lake.ticksSnapshot(spark, LakeTables.open(spark, config));
            List<Chunk> chunks = chunks(range, config.windows());
            LongAccumulator upserted = spark.sparkContext().longAccumulator("backfill.upserted");
            LongAccumulator chunkWindows = spark.sparkContext().longAccumulator("backfill.windows");
            LongAccumulator chunkTicks = spark.sparkContext().longAccumulator("backfill.ticks");
            EarliestWindows chunkEarliest = new EarliestWindows();
            spark.sparkContext().register(chunkEarliest, "backfill.earliest");
            long windowCount = 0;
            long ticks = 0;
            int finalized = 0;
            Map<SeriesKey, Long> earliest = new HashMap<>();
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("backfill").setInitialMax(chunks.size())
                    .setUnit(" chunks", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .showSpeed().build()) {
                for (Chunk chunk : chunks) {
                    bar.setExtraMessage(" " + chunk.size().label() + " windows from " + Instant.ofEpochMilli(chunk.range().from()));
                    long[] tickRange = BatchWindows.tickRange(chunk.range(), chunk.size());
                    Dataset<Row> rows = BatchWindows.recompute(Lake.ticksIn(lake, tickRange[0], tickRange[1]), chunk.size(), chunk.range());
                    boolean analyticsOf = config.backfillAnalytics() && chunk.size().label().equals("1m");
                    // one Spark job: recompute, write final, count on the way
                    Retry.withBudget("backfill of " + chunk, config.dbRetryBudget(), () -> {
                        upserted.reset();
                        chunkWindows.reset();
                        chunkTicks.reset();
                        chunkEarliest.reset();
                        rows.foreachPartition(new BackfillWriter(config.db(), upserted, chunkWindows, chunkTicks,
                                analyticsOf ? chunkEarliest : null));
                    });
                    windowCount += chunkWindows.sum();
                    if (chunk.size().equals(config.windows().get(0))) {
                        ticks += chunkTicks.sum();
                    }
                    chunkEarliest.value().forEach((series, start) -> earliest.merge(series, start, Math::min));
                    // the rows written are final already; this marks any other window of the range the stream left open
                    int others = Retry.withBudget("marking " + chunk + " final", config.dbRetryBudget(),
                            () -> windows.markFinalRange(chunk.size().label(), chunk.range().from(), chunk.range().to()));
                    finalized += (int) upserted.sum() + others;
                    bar.step();
                }
            }
            long windowsDone = System.currentTimeMillis();
            if (config.backfillAnalytics() && !earliest.isEmpty()) {
                DerivedAnalytics analytics = new DerivedAnalytics(config.db(), config.analytics());
                DerivedAnalytics.Outcome outcome = Retry.withBudget("derived analytics of the backfill", config.dbRetryBudget(),
                        () -> analytics.update(earliest, System.currentTimeMillis(), null));
                LOG.info("backfill {}: derived analytics of {} series recomputed: {} indicator values, {} movers rankings, {} new alerts",
                        runId, earliest.size(), outcome.indicatorValues(), outcome.rankings(), outcome.newAlerts().size());
            }
            long finished = System.currentTimeMillis();
            TaskMetricsListener.Usage usage = tasks.take(group, 2000);
            long duration = Math.max(1, finished - started);
            new PipelineRunRepository(config.db()).insert(new PipelineRun(runId, "backfill", range.from(), range.to(),
                    config.windows().stream().map(WindowSize::label).collect(Collectors.joining(",")), started, finished, "done",
                    windowCount, ticks, duration, ticks * 1000.0 / duration, null, null, usage.cpuMillis(), usage.peakMemoryBytes(),
                    null, null, null, null, null, null, null, null, null, null, null, null, null), List.of());
            LOG.info("backfill {} of {} done in {} s: {} windows from {} ticks in {} chunks, {} rows of the range final;"
                    + " the windows took {} s, the derived analytics {} s",
                    runId, range, duration / 1000.0, windowCount, ticks, chunks.size(), finalized,
                    (windowsDone - started) / 1000.0, (finished - windowsDone) / 1000.0);
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
