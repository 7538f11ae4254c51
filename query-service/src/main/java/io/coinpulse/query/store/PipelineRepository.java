package io.coinpulse.query.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Reads the Spark job's own record of its micro-batches ({@code stream_batches}, migration V13). */
@ApplicationScoped
public class PipelineRepository {

    /** The 1m query reads every tick: its batches are the job's input. Served by ix_stream_batches_time. */
    private static final String SINCE = "SELECT COALESCE(SUM(input_rows), 0), COALESCE(SUM(late_records), 0)"
            + " FROM stream_batches WHERE window_size = ? AND started_at >= ?";
    private static final String LATEST = "SELECT MAX(started_at + duration_ms), MAX(max_event_time) FROM stream_batches"
            + " WHERE window_size = ?";

    private final DataSource dataSource;

    public PipelineRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The job's activity on windows of {@code size} since {@code since} (epoch ms), and its latest batch ever. */
    public JobActivity activity(String size, long since) {
        try (Connection c = dataSource.getConnection(); PreparedStatement recent = c.prepareStatement(SINCE);
                PreparedStatement latest = c.prepareStatement(LATEST)) {
            recent.setString(1, size);
            recent.setLong(2, since);
            latest.setString(1, size);
            try (ResultSet r = recent.executeQuery(); ResultSet l = latest.executeQuery()) {
                r.next();
                l.next();
                return new JobActivity(r.getLong(1), r.getLong(2), nullable(l, 1), nullable(l, 2));
            }
        } catch (SQLException e) {
            throw new StoreException("reading the job's micro-batches", e);
        }
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
