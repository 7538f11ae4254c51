package io.coinpulse.spark.analytics;

import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.jdbc.JdbcBatches;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Table {@code analytics_pending} (migration V16): the 1m series whose derived analytics are behind
 * {@code window_metrics}, each with the earliest window to recompute from. A mark is durable once
 * {@link #mark} returns, so a crash between a micro-batch and its analytics loses nothing; a mark is
 * removed only by {@link #release} of the very version the worker {@link #claim claimed}, so a series
 * marked again while its analytics were computed stays pending.
 */
public final class PendingSeries {

    static final String MARK = "INSERT INTO analytics_pending (source, asset, from_start, version, marked_at) VALUES (?, ?, ?, 1, ?)"
            + " ON DUPLICATE KEY UPDATE from_start = LEAST(from_start, VALUES(from_start)), version = version + 1";
    static final String CLAIM = "SELECT source, asset, from_start, version FROM analytics_pending ORDER BY source, asset LIMIT ?";
    static final String RELEASE = "DELETE FROM analytics_pending WHERE source = ? AND asset = ? AND version = ?";
    static final String LAG = "SELECT COUNT(*), MIN(marked_at) FROM analytics_pending";

    private static final int BATCH = 1000;

    private final DbSettings db;

    public PendingSeries(DbSettings db) {
        this.db = db;
    }

    /** One pending series as claimed: where to recompute from, and the version to release. */
    public record Entry(SeriesKey key, long fromStart, long version) {
    }

    /** How far the analytics are behind: series pending, and the time of the oldest mark (null: none). */
    public record Lag(long series, Long oldestMarkedAt) {
    }

    /**
     * Marks each series as pending from its earliest changed window (or keeps an earlier one already
     * pending), in one transaction, in key order (the order {@link #release} deletes in: no deadlock
     * between the two).
     */
    public void mark(Map<SeriesKey, Long> earliest, long now) throws SQLException {
        if (earliest.isEmpty()) {
            return;
        }
        try (Connection c = db.connect()) {
            JdbcBatches.inTransaction(c, MARK, new TreeMap<>(earliest).entrySet(), BATCH, (s, e) -> {
                s.setString(1, e.getKey().source());
                s.setString(2, e.getKey().asset());
                s.setLong(3, e.getValue());
                s.setLong(4, now);
            });
        }
    }

    /** At most {@code limit} pending series, in key order. */
    public List<Entry> claim(int limit) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(CLAIM)) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(new SeriesKey(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    /** Removes the marks of {@code handled} that were not marked again since they were claimed. */
    public void release(List<Entry> handled) throws SQLException {
        if (handled.isEmpty()) {
            return;
        }
        try (Connection c = db.connect()) {
            JdbcBatches.inTransaction(c, RELEASE, handled, BATCH, (s, e) -> {
                s.setString(1, e.key().source());
                s.setString(2, e.key().asset());
                s.setLong(3, e.version());
            });
        }
    }

    /** The series pending now and the oldest mark among them. */
    public Lag lag() throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(LAG); ResultSet rs = s.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            long oldest = rs.getLong(2);
            return new Lag(n, rs.wasNull() ? null : oldest);
        }
    }
}
