package io.coinpulse.query.testing;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.store.Alert;
import io.coinpulse.query.store.Indicator;
import io.coinpulse.query.store.Mover;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Known rows of the analytics tables of V3 and V17 (spark-app's output), made up around the dataset's
 * windows: indicators of BTC and ETH, two rankings of 5m movers (and one of an unserved 15m
 * period), five alerts.
 */
public final class AnalyticsFixtures {

    /** One value of {@code window_indicators.indicators} (migration V17: a row per window, a JSON object of name → value). */
    public record IndicatorRow(String source, String asset, long windowStart, String indicator, Double value) {
    }

    /** The key of a {@code window_indicators} row. */
    private record IndicatorWindow(String source, String asset, long windowStart) {
    }

    /** A row of {@code movers}. */
    public record MoverRow(String period, long asOf, String direction, Mover mover) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final long LATEST_AS_OF = T0 + 6 * MINUTE;

    public static final List<IndicatorRow> INDICATORS = List.of(
            new IndicatorRow("binance", "BTC", T0 + 5 * MINUTE, "sma_5", 70869.0),
            new IndicatorRow("binance", "BTC", T0 + 6 * MINUTE, "sma_5", 70917.95),
            new IndicatorRow("binance", "BTC", T0 + 4 * MINUTE, "ema_12", 70400.0),
            new IndicatorRow("binance", "BTC", T0 + 6 * MINUTE, "ema_12", 70500.25),
            new IndicatorRow("binance", "BTC", T0 + 6 * MINUTE, "change_1m", 0.13581),
            new IndicatorRow("binance", "BTC", T0 + 6 * MINUTE, "change_5m", -0.5123),
            new IndicatorRow("binance", "BTC", T0 + 5 * MINUTE, "volatility_30", 0.0039),
            new IndicatorRow("binance", "BTC", T0 + 6 * MINUTE, "volatility_30", 0.0041),
            // computed at an older window only (a period since removed from the configuration): not served
            new IndicatorRow("binance", "BTC", T0 + 5 * MINUTE, "sma_30", 70111.0),
            // not enough history yet: null
            new IndicatorRow("binance", "BTC", T0 + 6 * MINUTE, "sma_20", null),
            new IndicatorRow("coincap", "ETH", T0 + MINUTE, "sma_5", 3501.0),
            new IndicatorRow("binance", "ETH", T0 + 6 * MINUTE, "sma_5", 1999.5));

    public static final List<MoverRow> MOVERS = List.of(
            // an older ranking: never served
            new MoverRow("5m", LATEST_AS_OF - MINUTE, "gainer", new Mover(1, "DOGE", "binance", 9.9, 0.1, 0.1099)),
            new MoverRow("5m", LATEST_AS_OF - MINUTE, "loser", new Mover(1, "ADA", "binance", -9.9, 1.0, 0.901)),
            new MoverRow("5m", LATEST_AS_OF, "gainer", new Mover(1, "SOL", "binance", 2.5, 140.0, 143.5)),
            new MoverRow("5m", LATEST_AS_OF, "gainer", new Mover(2, "BTC", "binance", 1.75, 69666.0, 70885.155)),
            new MoverRow("5m", LATEST_AS_OF, "gainer", new Mover(3, "LINK", "binance", 0.5, 15.0, 15.075)),
            new MoverRow("5m", LATEST_AS_OF, "loser", new Mover(1, "XRP", "binance", -3.25, 0.6, 0.5805)),
            new MoverRow("5m", LATEST_AS_OF, "loser", new Mover(2, "AVAX", "binance", -1.5, 30.0, 29.55)),
            new MoverRow("5m", LATEST_AS_OF, "loser", new Mover(3, "ADA", "binance", -0.25, 0.68, 0.6783)),
            new MoverRow("15m", LATEST_AS_OF, "gainer", new Mover(1, "ETH", "binance", 4.0, 2000.0, 2080.0)));

    public static final List<Alert> ALERTS = List.of(
            new Alert("binance:BTC:price_move:1772323260000", "binance", "BTC", T0 + MINUTE, "price_move", 0.0149,
                    4.2, 3.0, T0 + 2 * MINUTE + 500, "BTC moved +1.50% in 1m (4.2 sigma)"),
            new Alert("binance:ETH:volume_spike:1772323320000", "binance", "ETH", T0 + 2 * MINUTE, "volume_spike",
                    512345.5, 3.6, 3.0, T0 + 3 * MINUTE + 500, "ETH traded 512k in 1m (3.6 sigma)"),
            new Alert("binance:BTC:volume_spike:1772323380000", "binance", "BTC", T0 + 3 * MINUTE, "volume_spike",
                    419314.45, 3.1, 3.0, T0 + 4 * MINUTE + 500, "BTC traded 419k in 1m (3.1 sigma)"),
            new Alert("binance:SOL:price_move:1772323440000", "binance", "SOL", T0 + 4 * MINUTE, "price_move",
                    -0.0211, -5.0, 3.0, T0 + 5 * MINUTE + 500, "SOL moved -2.09% in 1m (5.0 sigma)"),
            new Alert("binance:ADA:price_move:1772323440000", "binance", "ADA", T0 + 4 * MINUTE, "price_move",
                    0.0102, 3.3, 3.0, T0 + 5 * MINUTE + 500, "ADA moved +1.03% in 1m (3.3 sigma)"));

    private AnalyticsFixtures() {
    }

    /** Every indicator of the latest window of (source, asset), by name: what the API must serve. */
    public static List<Indicator> latestIndicators(String source, String asset) {
        List<IndicatorRow> rows = INDICATORS.stream().filter(r -> r.source().equals(source) && r.asset().equals(asset)).toList();
        long latest = rows.stream().mapToLong(IndicatorRow::windowStart).max().orElse(Long.MIN_VALUE);
        return rows.stream()
                .filter(r -> r.windowStart() == latest)
                .sorted(Comparator.comparing(IndicatorRow::indicator))
                .map(r -> new Indicator(r.indicator(), r.windowStart(), r.value()))
                .toList();
    }

    /** Empties the three tables and inserts every row. */
    public static void load(DataSource dataSource) {
        Map<IndicatorWindow, Map<String, Double>> windows = new LinkedHashMap<>();
        for (IndicatorRow r : INDICATORS) {
            windows.computeIfAbsent(new IndicatorWindow(r.source(), r.asset(), r.windowStart()), k -> new LinkedHashMap<>())
                    .put(r.indicator(), r.value());
        }
        try (Connection c = dataSource.getConnection()) {
            clear(c);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO window_indicators"
                    + " (source, asset, window_start, change_5m, indicators) VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<IndicatorWindow, Map<String, Double>> w : windows.entrySet()) {
                    s.setString(1, w.getKey().source());
                    s.setString(2, w.getKey().asset());
                    s.setLong(3, w.getKey().windowStart());
                    Double change5m = w.getValue().get("change_5m");
                    if (change5m == null) {
                        s.setNull(4, Types.DOUBLE);
                    } else {
                        s.setDouble(4, change5m);
                    }
                    s.setString(5, JSON.writeValueAsString(w.getValue()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO movers (period, as_of, direction, rank_no,"
                    + " source, asset, pct_change, open_price, close_price) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (MoverRow r : MOVERS) {
                    Mover m = r.mover();
                    s.setString(1, r.period());
                    s.setLong(2, r.asOf());
                    s.setString(3, r.direction());
                    s.setInt(4, m.rank());
                    s.setString(5, m.source());
                    s.setString(6, m.asset());
                    s.setDouble(7, m.pctChange());
                    s.setDouble(8, m.openPrice());
                    s.setDouble(9, m.closePrice());
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO alerts (alert_id, source, asset, window_start,"
                    + " kind, value, zscore, threshold, detected_at, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Alert a : ALERTS) {
                    s.setString(1, a.alertId());
                    s.setString(2, a.source());
                    s.setString(3, a.asset());
                    s.setLong(4, a.windowStart());
                    s.setString(5, a.kind());
                    s.setDouble(6, a.value());
                    s.setDouble(7, a.zscore());
                    s.setDouble(8, a.threshold());
                    s.setLong(9, a.detectedAt());
                    s.setString(10, a.message());
                    s.addBatch();
                }
                s.executeBatch();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("loading the analytics fixtures", e);
        }
    }

    /** Empties the three tables. */
    public static void clear(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            clear(c);
        } catch (SQLException e) {
            throw new IllegalStateException("clearing the analytics tables", e);
        }
    }

    private static void clear(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM window_indicators");
            s.execute("DELETE FROM movers");
            s.execute("DELETE FROM alerts");
        }
    }
}
