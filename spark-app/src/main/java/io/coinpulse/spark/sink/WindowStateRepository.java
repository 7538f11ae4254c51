package io.coinpulse.spark.sink;

import io.coinpulse.spark.jdbc.JdbcBatches;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The windows of {@code window_metrics} as the one-pass stream merges into them: each row's merge
 * state (migration V18) and the micro-batch that last merged into it.
 */
final class WindowStateRepository {

    /**
     * A stored window: its state (null when the row has none: written by the per-size stream or a
     * backfill), the last batch merged into it and the query that merged it (null without state).
     */
    record Stored(WindowState state, Long mergedBatch, String mergedBy) {
    }

    static final List<String> STATE_COLUMNS = List.of("open_order", "close_order", "price_mean", "price_m2", "merged_batch", "merged_by");

    static final String UPSERT = upsert();

    /** Probe of the columns the merge reads and writes: present when migration V18 has run. */
    static final String PROBE = "SELECT " + String.join(", ", STATE_COLUMNS) + " FROM " + WindowMetricsRepository.TABLE + " WHERE 1 = 0";

    private static final String SELECT = "SELECT source, asset, window_size, window_start, window_end, tick_count, trade_count,"
            + " volume_base, volume_quote, high, low, open, close, open_order, close_order, price_mean, price_m2, merged_batch, merged_by FROM "
            + WindowMetricsRepository.TABLE + " WHERE (source, asset, window_size, window_start) IN ";
    private static final int CHUNK = 500;

    private WindowStateRepository() {
    }

    /** The stored windows of {@code keys}' windows, by {@link WindowState#key}. */
    static Map<String, Stored> read(Connection c, List<WindowState> keys) throws SQLException {
        Map<String, Stored> out = new HashMap<>();
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<WindowState> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            String sql = SELECT + "(" + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?)")) + ")";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                for (WindowState k : chunk) {
                    s.setString(i++, k.source());
                    s.setString(i++, k.asset());
                    s.setString(i++, k.windowSize());
                    s.setLong(i++, k.windowStart());
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Stored stored = stored(rs);
                        out.put(stored.state() == null ? key(rs) : stored.state().key(), stored);
                    }
                }
            }
        }
        return out;
    }

    /** Writes the windows with their merge state, merged by batch {@code batchId} of query {@code queryId}, in one transaction. */
    static void upsert(Connection c, List<WindowState> windows, long batchId, String queryId) throws SQLException {
        JdbcBatches.inTransaction(c, UPSERT, windows, CHUNK, (s, w) -> bind(s, w, batchId, queryId));
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        long mergedBatch = rs.getLong("merged_batch");
        Long batch = rs.wasNull() ? null : mergedBatch;
        BigDecimal openOrder = rs.getBigDecimal("open_order");
        BigDecimal closeOrder = rs.getBigDecimal("close_order");
        double mean = rs.getDouble("price_mean");
        boolean noMean = rs.wasNull();
        double m2 = rs.getDouble("price_m2");
        boolean noM2 = rs.wasNull();
        String mergedBy = rs.getString("merged_by");
        if (openOrder == null || closeOrder == null || noMean || noM2) {
            return new Stored(null, batch, mergedBy);
        }
        return new Stored(new WindowState(rs.getString("source"), rs.getString("asset"), rs.getString("window_size"),
                rs.getLong("window_start"), rs.getLong("window_end"), rs.getLong("tick_count"), rs.getLong("trade_count"),
                rs.getDouble("volume_base"), rs.getDouble("volume_quote"), rs.getDouble("high"), rs.getDouble("low"),
                openOrder, rs.getDouble("open"), closeOrder, rs.getDouble("close"), mean, m2), batch, mergedBy);
    }

    private static String key(ResultSet rs) throws SQLException {
        return rs.getString("source") + '\u0000' + rs.getString("asset") + '\u0000' + rs.getString("window_size") + '\u0000'
                + rs.getLong("window_start");
    }

    private static String upsert() {
        List<String> columns = Stream.concat(WindowMetricsRepository.COLUMNS.stream(), STATE_COLUMNS.stream()).toList();
        return "INSERT INTO " + WindowMetricsRepository.TABLE + " (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") ON DUPLICATE KEY UPDATE "
                + columns.stream().filter(c -> !WindowMetricsRepository.KEY.contains(c) && !c.equals("is_final"))
                        .map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
    }

    private static void bind(PreparedStatement s, WindowState w, long batchId, String queryId) throws SQLException {
        int i = 1;
        for (String column : WindowMetricsRepository.COLUMNS) {
            if (column.equals("is_final")) {
                s.setBoolean(i++, false);
                continue;
            }
            Object value = w.column(column);
            if (value == null) {
                s.setNull(i++, Types.DOUBLE);
            } else {
                s.setObject(i++, value);
            }
        }
        s.setBigDecimal(i++, w.openOrder());
        s.setBigDecimal(i++, w.closeOrder());
        s.setDouble(i++, w.priceMean());
        s.setDouble(i++, w.priceM2());
        s.setLong(i++, batchId);
        s.setString(i, queryId);
    }
}
