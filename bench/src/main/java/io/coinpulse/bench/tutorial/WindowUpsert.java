package io.coinpulse.bench.tutorial;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Iterator;
import org.apache.spark.sql.Row;

/**
 * The tutorial job's sink: each partition of a micro-batch's window rows upserted over its own JDBC
 * connection, one batched statement, one commit — the {@code foreachBatch} upsert tutorials show.
 * Serializable: Spark ships it to the tasks.
 */
record WindowUpsert(String url, String user, String password) implements Serializable {

    /** The tutorial's own table: the product's {@code window_metrics} is never touched. */
    static final String TABLE = "bench_tutorial_windows";

    static final String UPSERT = "INSERT INTO " + TABLE + " (source, asset, window_start, window_end, open, close, high, low,"
            + " tick_count, volume_base, avg_price, price_stddev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE window_end = VALUES(window_end), open = VALUES(open), close = VALUES(close),"
            + " high = VALUES(high), low = VALUES(low), tick_count = VALUES(tick_count), volume_base = VALUES(volume_base),"
            + " avg_price = VALUES(avg_price), price_stddev = VALUES(price_stddev)";

    /** Never the password: Spark may log what it ships to its tasks. */
    @Override
    public String toString() {
        return "WindowUpsert[" + user + " at " + url.replaceAll("\\?.*", "") + "]";
    }

    void createTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (source VARCHAR(32) NOT NULL, asset VARCHAR(20) NOT NULL,"
                    + " window_start TIMESTAMP(3) NOT NULL, window_end TIMESTAMP(3) NOT NULL, open DOUBLE, close DOUBLE,"
                    + " high DOUBLE, low DOUBLE, tick_count BIGINT, volume_base DOUBLE, avg_price DOUBLE, price_stddev DOUBLE,"
                    + " PRIMARY KEY (source, asset, window_start))");
        }
    }

    /** Upserts one partition's rows: {@code window} (a struct of start, end), source, asset, then the metrics. */
    void write(Iterator<Row> rows) throws SQLException {
        if (!rows.hasNext()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url, user, password); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            c.setAutoCommit(false);
            while (rows.hasNext()) {
                Row r = rows.next();
                Row window = r.getStruct(0);
                ps.setString(1, r.getString(1));
                ps.setString(2, r.getString(2));
                ps.setTimestamp(3, (Timestamp) window.get(0));
                ps.setTimestamp(4, (Timestamp) window.get(1));
                for (int i = 3; i <= 10; i++) {
                    ps.setObject(i + 2, r.get(i));
                }
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
    }
}
