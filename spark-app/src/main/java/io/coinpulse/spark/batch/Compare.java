package io.coinpulse.spark.batch;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.TimeRange;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.lake.Lake;
import io.coinpulse.spark.lake.LakeTables;
import io.coinpulse.spark.monitor.TaskMetricsListener;
import io.coinpulse.spark.sink.WindowMetricsRepository;
import io.coinpulse.spark.transform.BatchWindows;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code compare} (SPEC §5): for the windows starting in a time range, the stream's results in
 * {@code window_metrics} against a batch recomputation from the lake's raw ticks — latency (event to
 * row), throughput, CPU and memory of both, and accuracy: every metric of every window, each
 * difference listed. Printed as a table and stored in {@code pipeline_runs} and
 * {@code pipeline_run_differences}. Reads only; writes nothing else.
 *
 * <p>The stream side's cost and latency come from {@code stream_batches}, which the stream fills
 * from its progress reports: the micro-batches of the window queries whose ticks overlap the range.
 * The batch's latency is measured the same way, end of the run minus the ticks' event time: it shows
 * how far behind a batch pipeline would be.
 */
public final class Compare {

    private static final Logger LOG = LoggerFactory.getLogger(Compare.class);
    private static final int LISTED = 50;

    private Compare() {
    }

    /** The stream side's numbers, from {@code stream_batches}. */
    record StreamSide(long batches, long inputRows, long durationMs, Double rowsPerSecond, Double latencyAvgMs,
            Double latencyMaxMs, long cpuMs, long peakMemoryBytes) {
    }

    /** What a comparison found; {@link #run()} is its {@code pipeline_runs} row. */
    public record Report(PipelineRun run, Accuracy.Result accuracy) {

        public boolean agree() {
            return accuracy.agree();
        }
    }

    public static Report run(SparkSession spark, JobConfig config, PrintStream out) throws Exception {
        TimeRange range = config.range();
        List<WindowSize> sizes = config.windows();
        String runId = UUID.randomUUID().toString();
        long started = System.currentTimeMillis();
        new WindowMetricsRepository(config.db()).awaitTable(config.dbWaitTimeout());
        List<Map<String, Object>> streamRows = streamRows(config.db(), sizes, range);
        StreamSide stream = streamSide(config.db(), sizes, range);

        TaskMetricsListener tasks = new TaskMetricsListener();
        spark.sparkContext().addSparkListener(tasks);
        String group = "coinpulse-compare-" + runId;
        spark.sparkContext().setJobGroup(group, "compare " + range, false);
        List<Map<String, Object>> batchRows = new ArrayList<>();
        long batchStarted = System.currentTimeMillis();
        long ticksRead;
        Double latencyAvg = null;
        Double latencyMax = null;
        TaskMetricsListener.Usage usage;
        long batchFinished;
        try {
            long from = Long.MAX_VALUE;
            long to = Long.MIN_VALUE;
            for (WindowSize size : sizes) {
                long[] r = BatchWindows.tickRange(range, size);
                from = Math.min(from, r[0]);
                to = Math.max(to, r[1]);
            }
            Dataset<Row> ticks = Lake.ticksIn(Lake.ticksSnapshot(spark, LakeTables.open(spark, config)), from, to).persist();
            try {
                Row stats = ticks.agg(count(lit(1)), avg(col("event_time_ms")), min(col("event_time_ms"))).first();
                ticksRead = stats.getLong(0);
                for (WindowSize size : sizes) {
                    Dataset<Row> windows = BatchWindows.recompute(ticks, size, range);
                    for (Row r : windows.collectAsList()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        for (String f : r.schema().fieldNames()) {
                            m.put(f, r.getAs(f));
                        }
                        batchRows.add(m);
                    }
                }
                batchFinished = System.currentTimeMillis();
                if (ticksRead > 0) {
                    latencyAvg = batchFinished - stats.getDouble(1);
                    latencyMax = (double) (batchFinished - stats.getLong(2));
                }
            } finally {
                ticks.unpersist();
            }
            usage = tasks.take(group, 2000);
        } finally {
            spark.sparkContext().clearJobGroup();
            spark.sparkContext().removeSparkListener(tasks);
        }
        long batchDuration = Math.max(1, batchFinished - batchStarted);

        Accuracy.Result accuracy = Accuracy.compare(streamRows, batchRows);
        long finished = System.currentTimeMillis();
        PipelineRun run = new PipelineRun(runId, "compare", range.from(), range.to(),
                sizes.stream().map(WindowSize::label).collect(Collectors.joining(",")), started, finished,
                accuracy.agree() ? "agree" : "differ", accuracy.batchWindows(), ticksRead, batchDuration,
                ticksRead * 1000.0 / batchDuration, latencyAvg, latencyMax, usage.cpuMillis(), usage.peakMemoryBytes(),
                stream.batches(), stream.inputRows(), stream.durationMs(), stream.rowsPerSecond(), stream.latencyAvgMs(),
                stream.latencyMaxMs(), stream.cpuMs(), stream.peakMemoryBytes(), accuracy.streamWindows(), accuracy.matching(),
                accuracy.onlyStream(), accuracy.onlyBatch(), accuracy.metricDifferences());
        new PipelineRunRepository(config.db()).insert(run, accuracy.differences());
        print(out, run, accuracy);
        if (accuracy.agree()) {
            LOG.info("compare {} of {}: stream and batch agree on all {} windows", runId, range, accuracy.matching());
        } else {
            LOG.warn("compare {} of {}: stream and batch differ: {} windows only in the stream, {} only in the batch, {} metric differences",
                    runId, range, accuracy.onlyStream(), accuracy.onlyBatch(), accuracy.metricDifferences());
        }
        return new Report(run, accuracy);
    }

    /** The side-by-side table and the first differences. */
    static void print(PrintStream out, PipelineRun r, Accuracy.Result a) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%ncoinpulse compare %s: windows %s starting in [%s, %s)%n", r.runId(), r.windowSizes(),
                Instant.ofEpochMilli(r.rangeFrom()), Instant.ofEpochMilli(r.rangeTo())));
        String line = "+-------------------------------+----------------------+----------------------+%n";
        String row = "| %-29s | %20s | %20s |%n";
        t.append(String.format(line)).append(String.format(row, "", "stream", "batch")).append(String.format(line));
        t.append(String.format(Locale.ROOT, row, "windows", n(r.windowsStream()), n(a.batchWindows())));
        t.append(String.format(Locale.ROOT, row, "input rows (ticks)", n(r.streamInputRows()), n(r.ticksRead())));
        t.append(String.format(Locale.ROOT, row, "micro-batches / jobs", n(r.streamBatches()), "1"));
        t.append(String.format(Locale.ROOT, row, "processing time (ms)", n(r.streamDurationMs()), n(r.batchDurationMs())));
        t.append(String.format(Locale.ROOT, row, "throughput (rows/s)", d(r.streamRowsPerSecond()), d(r.batchRowsPerSecond())));
        t.append(String.format(Locale.ROOT, row, "latency event->row avg (ms)", d(r.streamLatencyAvgMs()), d(r.batchLatencyAvgMs())));
        t.append(String.format(Locale.ROOT, row, "latency event->row max (ms)", d(r.streamLatencyMaxMs()), d(r.batchLatencyMaxMs())));
        t.append(String.format(Locale.ROOT, row, "CPU time (ms)", n(r.streamCpuMs()), n(r.batchCpuMs())));
        t.append(String.format(Locale.ROOT, row, "peak task memory (bytes)", n(r.streamPeakMemoryBytes()), n(r.batchPeakMemoryBytes())));
        t.append(String.format(line));
        t.append(String.format(Locale.ROOT, "accuracy: %d windows compared metric by metric (%s): %d match, %d only in the stream,"
                        + " %d only in the batch, %d metric differences -> %s%n", a.streamWindows() + a.onlyBatch(),
                String.join(", ", Accuracy.METRICS), a.matching(), a.onlyStream(), a.onlyBatch(), a.metricDifferences(),
                a.agree() ? "AGREE" : "DIFFER"));
        a.differences().stream().limit(LISTED).forEach(d -> t.append("  ").append(d).append(String.format("%n")));
        if (a.differences().size() > LISTED) {
            t.append(String.format("  … %d more in table pipeline_run_differences (run_id %s)%n", a.differences().size() - LISTED, r.runId()));
        }
        out.print(t);
        out.flush();
    }

    private static String n(Long v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%,d", v);
    }

    private static String d(Double v) {
        return v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, "%,.1f", v);
    }

    private static List<Map<String, Object>> streamRows(DbSettings db, List<WindowSize> sizes, TimeRange range) throws SQLException {
        String sql = "SELECT * FROM window_metrics WHERE window_size IN ("
                + sizes.stream().map(s -> "?").collect(Collectors.joining(", ")) + ") AND window_start >= ? AND window_start < ?";
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (WindowSize size : sizes) {
                s.setString(i++, size.label());
            }
            s.setLong(i++, range.from());
            s.setLong(i, range.to());
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int k = 1; k <= meta.getColumnCount(); k++) {
                        row.put(meta.getColumnLabel(k).toLowerCase(Locale.ROOT), rs.getObject(k));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static StreamSide streamSide(DbSettings db, List<WindowSize> sizes, TimeRange range) throws SQLException {
        String sql = "SELECT COUNT(*), SUM(input_rows), SUM(duration_ms),"
                + " SUM(input_rows * (started_at + duration_ms - avg_event_time)) / SUM(input_rows),"
                + " MAX(started_at + duration_ms - min_event_time), SUM(cpu_ms), MAX(peak_memory_bytes)"
                + " FROM stream_batches WHERE window_size IN (" + sizes.stream().map(s -> "?").collect(Collectors.joining(", "))
                + ") AND input_rows > 0 AND min_event_time < ? AND max_event_time >= ?";
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (WindowSize size : sizes) {
                s.setString(i++, size.label());
            }
            s.setLong(i++, range.to());
            s.setLong(i, range.from());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long batches = rs.getLong(1);
                long rows = rs.getLong(2);
                long duration = rs.getLong(3);
                double latencyAvg = rs.getDouble(4);
                boolean noLatency = rs.wasNull();
                double latencyMax = rs.getDouble(5);
                return new StreamSide(batches, rows, duration, duration > 0 ? rows * 1000.0 / duration : null,
                        noLatency ? null : latencyAvg, batches == 0 ? null : latencyMax, rs.getLong(6), rs.getLong(7));
            }
        }
    }
}
