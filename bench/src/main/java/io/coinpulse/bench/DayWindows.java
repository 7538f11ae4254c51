package io.coinpulse.bench;

import io.coinpulse.devstack.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One day of 1m windows (1,440 rows) of one asset in {@code window_metrics}, for the query benchmark. */
final class DayWindows {

    static final String ASSET = "DAY1";
    /** 2026-03-01T00:00:00Z, the day of ../shared/datasets. */
    static final long DAY_START = 1_772_323_200_000L;
    static final int WINDOWS = 1440;

    private DayWindows() {
    }

    static void insert(Database db) throws SQLException {
        String sql = "INSERT INTO window_metrics (source, asset, window_size, window_start, window_end, open, high, low,"
                + " close, avg_price, tick_count, trade_count, volume_base, volume_quote, vwap, price_stddev, pct_change,"
                + " is_final) VALUES (?, ?, '1m', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)"
                + " ON DUPLICATE KEY UPDATE close = VALUES(close)";
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                PreparedStatement s = c.prepareStatement(sql)) {
            double price = 100;
            for (int i = 0; i < WINDOWS; i++) {
                double open = price;
                price *= 1 + Math.sin(i / 30.0) * 0.001;
                int p = 1;
                s.setString(p++, TickFile.SOURCE);
                s.setString(p++, ASSET);
                s.setLong(p++, DAY_START + i * 60_000L);
                s.setLong(p++, DAY_START + (i + 1) * 60_000L);
                s.setDouble(p++, open);
                s.setDouble(p++, Math.max(open, price) * 1.0005);
                s.setDouble(p++, Math.min(open, price) * 0.9995);
                s.setDouble(p++, price);
                s.setDouble(p++, (open + price) / 2);
                s.setLong(p++, 60);
                s.setLong(p++, 60);
                s.setDouble(p++, 12.5);
                s.setDouble(p++, 12.5 * price);
                s.setDouble(p++, (open + price) / 2);
                s.setDouble(p++, Math.abs(price - open) / 2);
                s.setDouble(p++, (price - open) / open * 100);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The query of the whole day: 1,440 rows. */
    static String windowsPath() {
        return "/api/v1/assets/" + ASSET + "/windows?size=1m&source=" + TickFile.SOURCE + "&from=" + DAY_START
                + "&to=" + (DAY_START + WINDOWS * 60_000L) + "&limit=" + WINDOWS;
    }
}
