package io.coinpulse.spark.batch;

import io.coinpulse.spark.config.DbSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Tables {@code pipeline_runs} and {@code pipeline_run_differences} (migration V14). */
public final class PipelineRunRepository {

    /** At most this many differences of one run are stored; the run's row has the full count. */
    public static final int MAX_DIFFERENCES = 10_000;

    private static final String INSERT_RUN = "INSERT INTO pipeline_runs (run_id, mode, range_from, range_to, window_sizes,"
            + " started_at, finished_at, status, windows, ticks_read, batch_duration_ms, batch_rows_per_s, batch_latency_avg_ms,"
            + " batch_latency_max_ms, batch_cpu_ms, batch_peak_memory_bytes, stream_batches, stream_input_rows,"
            + " stream_duration_ms, stream_rows_per_s, stream_latency_avg_ms, stream_latency_max_ms, stream_cpu_ms,"
            + " stream_peak_memory_bytes, windows_stream, windows_matching, windows_only_stream, windows_only_batch,"
            + " metric_differences) VALUES (" + "?, ".repeat(28) + "?)";
    private static final String INSERT_DIFFERENCE = "INSERT INTO pipeline_run_differences (run_id, source, asset, window_size,"
            + " window_start, metric, stream_value, batch_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final DbSettings db;

    public PipelineRunRepository(DbSettings db) {
        this.db = db;
    }

    /** Stores a run and (at most {@link #MAX_DIFFERENCES} of) its differences in one transaction. */
    public void insert(PipelineRun r, List<Difference> differences) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(INSERT_RUN); PreparedStatement d = c.prepareStatement(INSERT_DIFFERENCE)) {
                int i = 1;
                s.setString(i++, r.runId());
                s.setString(i++, r.mode());
                s.setLong(i++, r.rangeFrom());
                s.setLong(i++, r.rangeTo());
                s.setString(i++, r.windowSizes());
                s.setLong(i++, r.startedAt());
                s.setLong(i++, r.finishedAt());
                s.setString(i++, r.status());
                s.setLong(i++, r.windows());
                s.setLong(i++, r.ticksRead());
                s.setLong(i++, r.batchDurationMs());
                s.setDouble(i++, r.batchRowsPerSecond());
                setDouble(s, i++, r.batchLatencyAvgMs());
                setDouble(s, i++, r.batchLatencyMaxMs());
                s.setLong(i++, r.batchCpuMs());
                s.setLong(i++, r.batchPeakMemoryBytes());
                setLong(s, i++, r.streamBatches());
                setLong(s, i++, r.streamInputRows());
                setLong(s, i++, r.streamDurationMs());
                setDouble(s, i++, r.streamRowsPerSecond());
                setDouble(s, i++, r.streamLatencyAvgMs());
                setDouble(s, i++, r.streamLatencyMaxMs());
                setLong(s, i++, r.streamCpuMs());
                setLong(s, i++, r.streamPeakMemoryBytes());
                setLong(s, i++, r.windowsStream());
                setLong(s, i++, r.windowsMatching());
                setLong(s, i++, r.windowsOnlyStream());
                setLong(s, i++, r.windowsOnlyBatch());
                setLong(s, i, r.metricDifferences());
                s.executeUpdate();
                int n = 0;
                for (Difference x : differences) {
                    if (n++ == MAX_DIFFERENCES) {
                        break;
                    }
                    d.setString(1, r.runId());
                    d.setString(2, x.source());
                    d.setString(3, x.asset());
                    d.setString(4, x.windowSize());
                    d.setLong(5, x.windowStart());
                    d.setString(6, x.metric());
                    d.setString(7, x.streamValue());
                    d.setString(8, x.batchValue());
                    d.addBatch();
                }
                if (n > 0) {
                    d.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private static void setDouble(PreparedStatement s, int i, Double v) throws SQLException {
        if (v == null || !Double.isFinite(v)) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, v);
        }
    }
}
