package io.coinpulse.spark.monitor;

import io.coinpulse.spark.config.DbSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * What the stream reports about itself: tables {@code stream_batches} (one row per micro-batch: the
 * comparison mode's stream side) and {@code late_records} (dropped records by asset), both
 * idempotent upserts keyed by query id and batch id.
 */
public final class MonitorRepository {

    static final String UPSERT_BATCH = "INSERT INTO stream_batches (query_id, batch_id, query_name, window_size, started_at,"
            + " duration_ms, input_rows, min_event_time, max_event_time, avg_event_time, watermark, cpu_ms, peak_memory_bytes,"
            + " late_records, rows_written) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
            + " query_name = VALUES(query_name), window_size = VALUES(window_size), started_at = VALUES(started_at),"
            + " duration_ms = VALUES(duration_ms), input_rows = VALUES(input_rows), min_event_time = VALUES(min_event_time),"
            + " max_event_time = VALUES(max_event_time), avg_event_time = VALUES(avg_event_time), watermark = VALUES(watermark),"
            + " cpu_ms = VALUES(cpu_ms), peak_memory_bytes = VALUES(peak_memory_bytes), late_records = VALUES(late_records),"
            + " rows_written = VALUES(rows_written)";
    static final String UPSERT_LATE = "INSERT INTO late_records (query_id, batch_id, window_size, source, asset, records,"
            + " min_event_time, max_event_time, watermark) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
            + " records = VALUES(records), min_event_time = VALUES(min_event_time), max_event_time = VALUES(max_event_time),"
            + " watermark = VALUES(watermark)";

    private final DbSettings db;

    public MonitorRepository(DbSettings db) {
        this.db = db;
    }

    /** One micro-batch as table {@code stream_batches} has it. */
    public record Batch(String queryId, long batchId, String queryName, String windowSize, long startedAt, long durationMs,
            long inputRows, Long minEventTime, Long maxEventTime, Long avgEventTime, Long watermark, long cpuMs,
            long peakMemoryBytes, long lateRecords, long rowsWritten) {
    }

    public void upsertBatch(Batch b) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(UPSERT_BATCH)) {
            s.setString(1, b.queryId());
            s.setLong(2, b.batchId());
            s.setString(3, b.queryName());
            s.setString(4, b.windowSize());
            s.setLong(5, b.startedAt());
            s.setLong(6, b.durationMs());
            s.setLong(7, b.inputRows());
            setLong(s, 8, b.minEventTime());
            setLong(s, 9, b.maxEventTime());
            setLong(s, 10, b.avgEventTime());
            setLong(s, 11, b.watermark());
            s.setLong(12, b.cpuMs());
            s.setLong(13, b.peakMemoryBytes());
            s.setLong(14, b.lateRecords());
            s.setLong(15, b.rowsWritten());
            s.executeUpdate();
        }
    }

    public void upsertLate(String queryId, long batchId, String windowSize, long watermark, List<LateRecordCounter.Late> late)
            throws SQLException {
        if (late.isEmpty()) {
            return;
        }
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(UPSERT_LATE)) {
            for (LateRecordCounter.Late l : late) {
                s.setString(1, queryId);
                s.setLong(2, batchId);
                s.setString(3, windowSize);
                s.setString(4, l.key().source());
                s.setString(5, l.key().asset());
                s.setLong(6, l.records());
                s.setLong(7, l.minEventTime());
                s.setLong(8, l.maxEventTime());
                s.setLong(9, watermark);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, value);
        }
    }
}
