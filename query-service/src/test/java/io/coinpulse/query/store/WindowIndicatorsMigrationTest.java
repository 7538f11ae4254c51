package io.coinpulse.query.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Migration V17 on a database an earlier version filled: the narrow {@code asset_indicators} rows
 * become one {@code window_indicators} row per window, and the BI views read as before.
 */
class WindowIndicatorsMigrationTest {

    private static Database database;

    @BeforeAll
    static void start() {
        database = Database.startEmbedded(Path.of("target", "mariadb-migration-" + System.nanoTime()).toAbsolutePath());
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.stop();
        }
    }

    private static Flyway flyway(String target) {
        return Flyway.configure().dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration").target(target).load();
    }

    @Test
    void theIndicatorsOfEarlierVersionsBecomeOneRowPerWindow() throws Exception {
        flyway("16").migrate();
        execute("INSERT INTO asset_indicators (source, asset, window_start, indicator, value) VALUES "
                + "('binance', 'BTC', 60000, 'sma_5', 70869.5), ('binance', 'BTC', 60000, 'change_5m', -0.5123),"
                + " ('binance', 'BTC', 60000, 'ema_5', NULL),"
                + " ('binance', 'BTC', 120000, 'sma_5', 70917.95), ('binance', 'BTC', 120000, 'change_5m', NULL),"
                + " ('kraken', 'ETH', 60000, 'volatility_15', 0.0041)");

        flyway("latest").migrate();

        assertThat(query("SELECT source, asset, window_start, change_5m FROM window_indicators ORDER BY source, asset, window_start"))
                .containsExactly("binance BTC 60000 -0.5123", "binance BTC 120000 null", "kraken ETH 60000 null");
        assertThat(query("SELECT source, asset, window_start, indicator, value FROM v_indicators"
                + " ORDER BY source, asset, window_start, indicator")).containsExactly(
                        "binance BTC 60000 change_5m -0.5123", "binance BTC 60000 ema_5 null", "binance BTC 60000 sma_5 70869.5",
                        "binance BTC 120000 change_5m null", "binance BTC 120000 sma_5 70917.95",
                        "kraken ETH 60000 volatility_15 0.0041");
        assertThat(query("SELECT source, asset, indicator, window_start, value FROM v_latest_indicators"
                + " ORDER BY source, asset, indicator")).containsExactly(
                        "binance BTC change_5m 120000 null", "binance BTC sma_5 120000 70917.95", "kraken ETH volatility_15 60000 0.0041");
        assertThat(query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = 'asset_indicators'")).containsExactly("0");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Each row as its columns' values joined by spaces. */
    private static List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] values = new String[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = String.valueOf(rs.getObject(i + 1));
                }
                rows.add(String.join(" ", Arrays.asList(values)));
            }
        }
        return rows;
    }
}
