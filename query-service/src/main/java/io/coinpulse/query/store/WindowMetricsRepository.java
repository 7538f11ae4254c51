package io.coinpulse.query.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads {@code window_metrics} (written by spark-app) with plain JDBC. Every statement is a
 * constant SQL text with {@code ?} parameters; only the number of placeholders of an {@code IN}
 * list is computed.
 */
@ApplicationScoped
public class WindowMetricsRepository {

    private static final String COLUMNS = "window_start, window_end, open, high, low, close, avg_price, vwap,"
            + " volume_base, volume_quote, tick_count, trade_count, price_stddev, pct_change, is_final";

    private static final String SOURCES = "SELECT DISTINCT source FROM window_metrics WHERE asset = ? ORDER BY source";

    private static final String RANGE = " FROM window_metrics WHERE source = ? AND asset = ? AND window_size = ?"
            + " AND window_start >= ? AND window_start < ?";

    private static final String OLDEST_FIRST = "SELECT " + COLUMNS + RANGE + " ORDER BY window_start ASC LIMIT ?";

    private static final String NEWEST_FIRST = "SELECT " + COLUMNS + RANGE + " ORDER BY window_start DESC LIMIT ?";

    private static final String COUNT_ASSETS =
            "SELECT COUNT(DISTINCT asset) FROM window_metrics WHERE window_size = ?";

    private static final String COUNT_ASSETS_OF_SOURCE =
            "SELECT COUNT(DISTINCT asset) FROM window_metrics WHERE window_size = ? AND source = ?";

    private static final String ASSET_PAGE =
            "SELECT DISTINCT asset FROM window_metrics WHERE window_size = ? ORDER BY asset LIMIT ? OFFSET ?";

    private static final String ASSET_PAGE_OF_SOURCE = "SELECT DISTINCT asset FROM window_metrics"
            + " WHERE window_size = ? AND source = ? ORDER BY asset LIMIT ? OFFSET ?";

    /**
     * The latest window per (asset, source) with the closes of the windows 1m and 5m before it, the
     * close about a day before and the quote volume of the day up to it; %s: the IN placeholders.
     * Every subquery reads one (source, asset, size) range of the primary key.
     */
    private static final String LATEST_PRICES = "SELECT w.asset, w.source, w.window_start, w.close,"
            + " ROUND(UNIX_TIMESTAMP(w.updated_at) * 1000) AS updated_ms,"
            + " (SELECT p.close FROM window_metrics p"
            + "   WHERE p.source = w.source AND p.asset = w.asset AND p.window_size = w.window_size"
            + "     AND p.window_start = w.window_start - ?) AS close_1m_before,"
            + " (SELECT p.close FROM window_metrics p"
            + "   WHERE p.source = w.source AND p.asset = w.asset AND p.window_size = w.window_size"
            + "     AND p.window_start = w.window_start - ?) AS close_5m_before,"
            + " (SELECT d.close FROM window_metrics d"
            + "   WHERE d.source = w.source AND d.asset = w.asset AND d.window_size = w.window_size"
            + "     AND d.window_start <= w.window_start - ? AND d.window_start >= w.window_start - ?"
            + "   ORDER BY d.window_start DESC LIMIT 1) AS close_day_before,"
            + " (SELECT SUM(v.volume_quote) FROM window_metrics v"
            + "   WHERE v.source = w.source AND v.asset = w.asset AND v.window_size = w.window_size"
            + "     AND v.window_start > w.window_start - ? AND v.window_start <= w.window_start) AS volume_quote_day"
            + " FROM window_metrics w"
            + " JOIN (SELECT source, asset, MAX(window_start) AS latest FROM window_metrics"
            + "        WHERE window_size = ? AND asset IN (%s) GROUP BY source, asset) l"
            + "   ON w.source = l.source AND w.asset = l.asset AND w.window_start = l.latest"
            + " WHERE w.window_size = ?"
            + " ORDER BY w.asset, w.source";

    /** One minute in ms: the 1m change compares with the window starting this much earlier. */
    private static final long MINUTE_MS = 60_000L;

    private final DataSource dataSource;

    public WindowMetricsRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The sources that have windows of {@code asset} (any size), sorted; empty for an unknown asset. */
    public List<String> sources(String asset) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SOURCES)) {
            s.setString(1, asset);
            List<String> sources = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    sources.add(rs.getString(1));
                }
            }
            return sources;
        } catch (SQLException e) {
            throw new StoreException("reading the sources of " + asset, e);
        }
    }

    /**
     * Windows with {@code fromInclusive <= windowStart < toExclusive}, oldest first: the first
     * {@code limit} of the range when {@code newest} is false, its last {@code limit} when true.
     */
    public List<WindowMetrics> windows(String source, String asset, String size, long fromInclusive,
            long toExclusive, int limit, boolean newest) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(newest ? NEWEST_FIRST : OLDEST_FIRST)) {
            s.setString(1, source);
            s.setString(2, asset);
            s.setString(3, size);
            s.setLong(4, fromInclusive);
            s.setLong(5, toExclusive);
            s.setInt(6, limit);
            List<WindowMetrics> windows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    windows.add(window(rs));
                }
            }
            if (newest) {
                Collections.reverse(windows);
            }
            return windows;
        } catch (SQLException e) {
            throw new StoreException("reading " + size + " windows of " + asset + " from " + source, e);
        }
    }

    /** The latest window of (source, asset, size), if any. */
    public Optional<WindowMetrics> latest(String source, String asset, String size) {
        List<WindowMetrics> last = windows(source, asset, size, Long.MIN_VALUE, Long.MAX_VALUE, 1, true);
        return last.stream().findFirst();
    }

    /** How many assets have windows of {@code size} (from {@code source} only, when given). */
    public long countAssets(String size, Optional<String> source) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(source.isPresent() ? COUNT_ASSETS_OF_SOURCE : COUNT_ASSETS)) {
            s.setString(1, size);
            if (source.isPresent()) {
                s.setString(2, source.get());
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("counting assets", e);
        }
    }

    /** One page of the assets that have windows of {@code size}, in symbol order. */
    public List<String> assets(String size, Optional<String> source, long offset, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(source.isPresent() ? ASSET_PAGE_OF_SOURCE : ASSET_PAGE)) {
            int i = 1;
            s.setString(i++, size);
            if (source.isPresent()) {
                s.setString(i++, source.get());
            }
            s.setInt(i++, limit);
            s.setLong(i, offset);
            List<String> assets = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    assets.add(rs.getString(1));
                }
            }
            return assets;
        } catch (SQLException e) {
            throw new StoreException("listing assets", e);
        }
    }

    /**
     * The latest 1m window of every (asset, source) of {@code assets}, with the closes of the windows
     * starting 1m and 5m before it, the close of the latest window that starts between
     * {@code lookbackMs + toleranceMs} and {@code lookbackMs} before it, and the quote volume of the
     * windows starting in the {@code lookbackMs} up to it; ordered by asset, then source.
     */
    public List<LatestPrice> latestPrices(String size, Collection<String> assets, long lookbackMs, long toleranceMs) {
        if (assets.isEmpty()) {
            return List.of();
        }
        String sql = LATEST_PRICES.formatted(String.join(", ", Collections.nCopies(assets.size(), "?")));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setLong(i++, MINUTE_MS);
            s.setLong(i++, 5 * MINUTE_MS);
            s.setLong(i++, lookbackMs);
            s.setLong(i++, lookbackMs + toleranceMs);
            s.setLong(i++, lookbackMs);
            s.setString(i++, size);
            for (String asset : assets) {
                s.setString(i++, asset);
            }
            s.setString(i, size);
            List<LatestPrice> prices = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    prices.add(new LatestPrice(rs.getString("asset"), rs.getString("source"),
                            rs.getLong("window_start"), rs.getDouble("close"), rs.getLong("updated_ms"),
                            nullable(rs, "close_1m_before"), nullable(rs, "close_5m_before"),
                            nullable(rs, "close_day_before"), rs.getDouble("volume_quote_day")));
                }
            }
            return prices;
        } catch (SQLException e) {
            throw new StoreException("reading the latest prices", e);
        }
    }

    private static Double nullable(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    /** One row of {@link #COLUMNS}, read by position (a lookup by name per value was 4% of /windows' profile). */
    private static WindowMetrics window(ResultSet rs) throws SQLException {
        double vwap = rs.getDouble(8);
        Double nullableVwap = rs.wasNull() ? null : vwap;
        return new WindowMetrics(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                rs.getDouble(6), rs.getDouble(7), nullableVwap, rs.getDouble(9), rs.getDouble(10), rs.getLong(11),
                rs.getLong(12), rs.getDouble(13), rs.getDouble(14), rs.getBoolean(15));
    }
}
