package io.coinpulse.query.retention;

import static io.coinpulse.query.testing.Management.management;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, item 8: the retention deletes exactly the expired rows of each table on a real MariaDB, in batches of
 * two rows (the test profile's batch size), and keeps the others with their values. The defaults apply: 7 days for
 * stream_batches, 1m windows, indicators and movers; 90 days for the other window sizes and alerts.
 */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class RetentionTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final Instant NOW = Instant.ofEpochMilli(100 * DAY);
    /** now − 7 days and now − 90 days. */
    private static final long WEEK_AGO = 93 * DAY;
    private static final long QUARTER_AGO = 10 * DAY;

    @Inject
    DataSource dataSource;

    @Inject
    RetentionService retention;

    @Test
    void deletesExactlyTheExpiredRowsOfEveryTable() throws Exception {
        execute("DELETE FROM stream_batches", "DELETE FROM window_metrics", "DELETE FROM window_indicators",
                "DELETE FROM alerts", "DELETE FROM movers");
        // stream_batches by started_at (< cutoff): five expired 1m batches (three statements of at most two), one 5m
        for (int batch = 1; batch <= 5; batch++) {
            batch("q-1m", batch, "1m", WEEK_AGO - batch);
        }
        batch("q-1m", 6, "1m", WEEK_AGO);
        batch("q-5m", 1, "5m", WEEK_AGO - 1);
        batch("q-5m", 2, "5m", WEEK_AGO + 1);
        // final windows by window_end (<= cutoff); an open window is never deleted
        window("BTC", "1m", WEEK_AGO - 60_000, WEEK_AGO, true, 101.5);
        window("BTC", "1m", WEEK_AGO - 59_999, WEEK_AGO + 1, true, 102.5);
        window("ETH", "1m", 60_000, 120_000, false, 3.25);
        window("BTC", "5m", QUARTER_AGO - 300_000, QUARTER_AGO, true, 99.0);
        window("BTC", "5m", QUARTER_AGO, QUARTER_AGO + 300_000, true, 98.5);
        window("BTC", "1h", QUARTER_AGO - 3_600_001, QUARTER_AGO - 1, true, 97.0);
        // indicators by window_start, alerts by detected_at, movers by as_of (< cutoff)
        indicators("BTC", WEEK_AGO - 60_000, 0.5);
        indicators("BTC", WEEK_AGO, 0.75);
        alert("binance:BTC:price_move:1", QUARTER_AGO - 1);
        alert("binance:BTC:price_move:2", QUARTER_AGO);
        mover("5m", WEEK_AGO - 60_000, "gainer", "SOL", 2.5);
        mover("5m", WEEK_AGO - 60_000, "loser", "XRP", -3.25);
        mover("5m", WEEK_AGO, "gainer", "BTC", 1.75);
        mover("15m", WEEK_AGO - 1, "gainer", "ADA", 0.25);

        double before = deletedMetric("window_metrics_1m");
        assertThat(retention.purge(NOW)).containsExactly(entry("stream_batches", 6L), entry("window_metrics_1m", 1L),
                entry("window_metrics", 2L), entry("window_indicators", 1L), entry("alerts", 1L), entry("movers", 3L));

        assertThat(rows("SELECT query_id, batch_id, window_size, started_at FROM stream_batches ORDER BY query_id, batch_id"))
                .containsExactly("q-1m 6 1m " + WEEK_AGO, "q-5m 2 5m " + (WEEK_AGO + 1));
        assertThat(rows("SELECT asset, window_size, window_start, window_end, is_final, close FROM window_metrics"
                + " ORDER BY window_size, asset, window_start")).containsExactly(
                        "BTC 1m " + (WEEK_AGO - 59_999) + " " + (WEEK_AGO + 1) + " 1 102.5",
                        "ETH 1m 60000 120000 0 3.25",
                        "BTC 5m " + QUARTER_AGO + " " + (QUARTER_AGO + 300_000) + " 1 98.5");
        assertThat(rows("SELECT asset, window_start, change_5m FROM window_indicators"))
                .containsExactly("BTC " + WEEK_AGO + " 0.75");
        assertThat(rows("SELECT alert_id, detected_at FROM alerts"))
                .containsExactly("binance:BTC:price_move:2 " + QUARTER_AGO);
        assertThat(rows("SELECT period, as_of, direction, asset, pct_change FROM movers"))
                .containsExactly("5m " + WEEK_AGO + " gainer BTC 1.75");

        // a second run finds nothing more; the counter says what the first deleted
        assertThat(retention.purge(NOW).values()).containsOnly(0L);
        assertThat(deletedMetric("window_metrics_1m") - before).isEqualTo(1.0);
    }

    private void batch(String query, long batch, String size, long startedAt) throws SQLException {
        execute("INSERT INTO stream_batches (query_id, batch_id, query_name, window_size, started_at, duration_ms,"
                + " input_rows, cpu_ms, peak_memory_bytes, late_records, rows_written) VALUES ('" + query + "', " + batch
                + ", 'window-metrics-" + size + "', '" + size + "', " + startedAt + ", 10, 5, 3, 1024, 0, 2)");
    }

    private void window(String asset, String size, long start, long end, boolean fin, double close) throws SQLException {
        execute("INSERT INTO window_metrics (source, asset, window_size, window_start, window_end, open, high, low, close,"
                + " avg_price, tick_count, trade_count, volume_base, volume_quote, vwap, price_stddev, pct_change, is_final)"
                + " VALUES ('binance', '" + asset + "', '" + size + "', " + start + ", " + end + ", 1, 2, 0.5, " + close
                + ", 1.5, 3, 2, 1, 1, NULL, 0.1, 0.2, " + fin + ")");
    }

    private void indicators(String asset, long start, double change) throws SQLException {
        execute("INSERT INTO window_indicators (source, asset, window_start, change_5m, indicators) VALUES ('binance', '"
                + asset + "', " + start + ", " + change + ", '{\"change_5m\":" + change + "}')");
    }

    private void alert(String id, long detectedAt) throws SQLException {
        execute("INSERT INTO alerts (alert_id, source, asset, window_start, kind, value, zscore, threshold, detected_at,"
                + " message) VALUES ('" + id + "', 'binance', 'BTC', " + (detectedAt - 60_000) + ", 'price_move', 0.05,"
                + " 4.2, 3.0, " + detectedAt + ", 'BTC moved')");
    }

    private void mover(String period, long asOf, String direction, String asset, double pct) throws SQLException {
        execute("INSERT INTO movers (period, as_of, direction, rank_no, source, asset, pct_change, open_price, close_price)"
                + " VALUES ('" + period + "', " + asOf + ", '" + direction + "', 1, 'binance', '" + asset + "', " + pct
                + ", 1, 1)");
    }

    private void execute(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private List<String> rows(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(String.join(" ", values));
            }
        }
        return rows;
    }

    private static double deletedMetric(String table) {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        String prefix = "coinpulse_retention_deleted_total{table=\"" + table + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + " in /q/metrics"));
    }
}
