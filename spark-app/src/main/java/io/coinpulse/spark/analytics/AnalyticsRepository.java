package io.coinpulse.spark.analytics;

import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.jdbc.JdbcBatches;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The analytics tables ({@code window_indicators} of migration V17; {@code movers}, {@code alerts} of V3)
 * as the job writes them, and the 1m windows of {@code window_metrics} they are computed from. Every
 * write is idempotent: an upsert, or a delete and insert of one ranking in one transaction.
 */
public final class AnalyticsRepository {

    /** One 1m window's indicators (migration V17): every configured indicator recomputed at once, so the whole object is replaced. */
    static final String UPSERT_INDICATORS = "INSERT INTO window_indicators (source, asset, window_start, change_5m, indicators)"
            + " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE change_5m = VALUES(change_5m), indicators = VALUES(indicators)";
    static final String UPSERT_ALERT = "INSERT INTO alerts (alert_id, source, asset, window_start, kind, value, zscore,"
            + " threshold, detected_at, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
            + " value = VALUES(value), zscore = VALUES(zscore), threshold = VALUES(threshold), message = VALUES(message)";
    /**
     * Every asset's 5m change at one 1m window, from the index on (window_start, change_5m) alone: the
     * two closes a mover is shown with are read for the ranked few only ({@link #CLOSES_5M}). A join
     * for them cost two primary-key lookups in window_metrics per asset of every ranking, 37% of the
     * derived analytics' database time at 10,000 assets (bench profile, 01:37).
     */
    static final String CHANGES_5M = "SELECT source, asset, change_5m FROM window_indicators"
            + " WHERE window_start = ? AND change_5m IS NOT NULL";
    /** The indicator whose value is also a column of its own, for the movers ranking. */
    static final String CHANGE_5M = "change_5m";
    static final String DELETE_MOVERS = "DELETE FROM movers WHERE period = ? AND as_of = ?";
    static final String INSERT_MOVER = "INSERT INTO movers (period, as_of, direction, rank_no, source, asset, pct_change,"
            + " open_price, close_price) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final int BATCH = 500;

    private final DbSettings db;
    /** The connection of the {@link #inSession} running on this thread, if any. */
    private final ThreadLocal<Connection> session = new ThreadLocal<>();

    /** A unit of database work. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    public AnalyticsRepository(DbSettings db) {
        this.db = db;
    }

    /**
     * Runs {@code work} with one connection for every call it makes on this repository (one
     * micro-batch's analytics make dozens): a new connection costs a TCP and authentication round
     * trip each. Each call still commits its own transaction.
     */
    public <T> T inSession(Work<T> work) throws SQLException {
        if (session.get() != null) {
            return work.run();
        }
        try (Connection c = open()) {
            session.set(c);
            try {
                return work.run();
            } finally {
                session.remove();
            }
        }
    }

    /**
     * A connection in READ COMMITTED: the derived analytics write from two connections at once
     * (disjoint series, disjoint minutes), and under InnoDB's default REPEATABLE READ the next-key
     * locks of one connection's {@code DELETE} of a minute's movers cover the gap where the other
     * inserts the next minute's: a deadlock. Every statement here commits on its own (a minute's
     * movers as one transaction), so no read relies on a snapshot spanning statements.
     */
    private Connection open() throws SQLException {
        Connection c = db.connect();
        try {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The session's connection (closing it only ends its transaction mode), else a new one. */
    private Connection connect() throws SQLException {
        Connection shared = session.get();
        if (shared == null) {
            return open();
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        if (!shared.getAutoCommit()) {
                            shared.setAutoCommit(true);
                        }
                        return null;
                    }
                    try {
                        return method.invoke(shared, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The 1m windows of the assets of one source from {@code from} on, by asset and start. */
    public Map<String, NavigableMap<Long, WindowPoint>> series(String source, Collection<String> assets, long from)
            throws SQLException {
        Map<String, NavigableMap<Long, WindowPoint>> out = new HashMap<>();
        String sql = "SELECT asset, window_start, close, volume_quote FROM window_metrics WHERE window_size = '1m'"
                + " AND source = ? AND asset IN (" + placeholders(assets.size()) + ") AND window_start >= ?";
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, source);
            for (String a : assets) {
                s.setString(i++, a);
            }
            s.setLong(i, from);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(2);
                    out.computeIfAbsent(rs.getString(1), a -> new TreeMap<>())
                            .put(start, new WindowPoint(start, rs.getDouble(3), rs.getDouble(4)));
                }
            }
        }
        return out;
    }

    /**
     * Stored values of {@code indicators} of the assets of one source at window starts in
     * {@code [from, to]}: asset → window start → indicator → value (null: stored as undefined).
     */
    public Map<String, Map<Long, Map<String, Double>>> indicators(String source, Collection<String> assets,
            Collection<String> indicators, long from, long to) throws SQLException {
        Map<String, Map<Long, Map<String, Double>>> out = new HashMap<>();
        if (indicators.isEmpty()) {
            return out;
        }
        String sql = "SELECT asset, window_start, indicators FROM window_indicators WHERE source = ? AND asset IN ("
                + placeholders(assets.size()) + ") AND window_start BETWEEN ? AND ?";
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, source);
            for (String a : assets) {
                s.setString(i++, a);
            }
            s.setLong(i++, from);
            s.setLong(i, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Double> stored = IndicatorsJson.read(rs.getString(3));
                    Map<String, Double> wanted = new HashMap<>();
                    for (String name : indicators) {
                        if (stored.containsKey(name)) {
                            wanted.put(name, stored.get(name));
                        }
                    }
                    out.computeIfAbsent(rs.getString(1), a -> new HashMap<>()).put(rs.getLong(2), wanted);
                }
            }
        }
        return out;
    }

    /**
     * Upserts indicator values in one transaction, one row per (series, window) with every value
     * of that window among {@code values}: the calculator computes all of a window's at once.
     */
    public void upsertIndicators(List<IndicatorValue> values) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        Map<WindowKey, Map<String, Double>> byWindow = new LinkedHashMap<>();
        for (IndicatorValue v : values) {
            byWindow.computeIfAbsent(new WindowKey(v.key(), v.windowStart()), w -> new LinkedHashMap<>())
                    .put(v.indicator(), v.value() == null || !Double.isFinite(v.value()) ? null : v.value());
        }
        try (Connection c = connect()) {
            JdbcBatches.inTransaction(c, UPSERT_INDICATORS, byWindow.entrySet(), BATCH, (s, row) -> {
                Map<String, Double> indicators = row.getValue();
                s.setString(1, row.getKey().series().source());
                s.setString(2, row.getKey().series().asset());
                s.setLong(3, row.getKey().windowStart());
                Double change5m = indicators.get(CHANGE_5M);
                if (change5m == null) {
                    s.setNull(4, Types.DOUBLE);
                } else {
                    s.setDouble(4, change5m);
                }
                s.setString(5, IndicatorsJson.write(indicators));
            });
        }
    }

    /** One row of {@code window_indicators}. */
    private record WindowKey(SeriesKey series, long windowStart) {
    }

    /** The ids among {@code alertIds} already stored. */
    public Set<String> existingAlerts(Collection<String> alertIds) throws SQLException {
        Set<String> out = new HashSet<>();
        List<String> ids = new ArrayList<>(alertIds);
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH));
            try (Connection c = connect();
                    PreparedStatement s = c.prepareStatement("SELECT alert_id FROM alerts WHERE alert_id IN ("
                            + placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** Inserts alerts, or updates the value, z-score and message of those already there (never their detection time). */
    public void upsertAlerts(List<Alert> alerts) throws SQLException {
        if (alerts.isEmpty()) {
            return;
        }
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(UPSERT_ALERT)) {
            for (Alert a : alerts) {
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
    }

    /** One asset's 5m change at a window. */
    public record Change5m(SeriesKey key, double pctChange) {
    }

    /** One asset's 5m change at a window, with the close 5 minutes before and the close of the window. */
    public record Change(SeriesKey key, double pctChange, double openPrice, double closePrice) {
    }

    /** Every asset's 5m change at the 1m window starting at {@code windowStart}. */
    public List<Change5m> changes5m(long windowStart) throws SQLException {
        List<Change5m> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(CHANGES_5M)) {
            s.setLong(1, windowStart);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Change5m(new SeriesKey(rs.getString(1), rs.getString(2)), rs.getDouble(3)));
                }
            }
        }
        return out;
    }

    /**
     * The two closes each of {@code keys}' 5m change at {@code windowStart} is made of, by series:
     * {@code [close of the window 5 minutes before, close of the window]}; a series without both stored
     * windows is left out. Primary-key lookups, one statement per source.
     */
    public Map<SeriesKey, double[]> closes5m(Collection<SeriesKey> keys, long windowStart) throws SQLException {
        Map<String, List<String>> bySource = new TreeMap<>();
        keys.forEach(k -> bySource.computeIfAbsent(k.source(), s -> new ArrayList<>()).add(k.asset()));
        long before = windowStart - 5 * IndicatorCalculator.MINUTE;
        Map<SeriesKey, double[]> out = new HashMap<>();
        try (Connection c = connect()) {
            for (Map.Entry<String, List<String>> source : bySource.entrySet()) {
                String sql = "SELECT asset, window_start, close FROM window_metrics WHERE source = ? AND asset IN ("
                        + placeholders(source.getValue().size()) + ") AND window_size = '1m' AND window_start IN (?, ?)";
                Map<String, double[]> found = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    int i = 1;
                    s.setString(i++, source.getKey());
                    for (String asset : source.getValue()) {
                        s.setString(i++, asset);
                    }
                    s.setLong(i++, before);
                    s.setLong(i, windowStart);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            double[] closes = found.computeIfAbsent(rs.getString(1), a -> new double[] {Double.NaN, Double.NaN});
                            closes[rs.getLong(2) == windowStart ? 1 : 0] = rs.getDouble(3);
                        }
                    }
                }
                found.forEach((asset, closes) -> {
                    if (!Double.isNaN(closes[0]) && !Double.isNaN(closes[1])) {
                        out.put(new SeriesKey(source.getKey(), asset), closes);
                    }
                });
            }
        }
        return out;
    }

    /** Replaces the ranking of {@code (period, asOf)}, in one transaction. */
    public void replaceMovers(String period, long asOf, List<Change> gainers, List<Change> losers) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement(DELETE_MOVERS);
                    PreparedStatement insert = c.prepareStatement(INSERT_MOVER)) {
                delete.setString(1, period);
                delete.setLong(2, asOf);
                delete.executeUpdate();
                addMovers(insert, period, asOf, "gainer", gainers);
                addMovers(insert, period, asOf, "loser", losers);
                if (!gainers.isEmpty() || !losers.isEmpty()) {
                    insert.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void addMovers(PreparedStatement s, String period, long asOf, String direction, List<Change> ranked)
            throws SQLException {
        for (int i = 0; i < ranked.size(); i++) {
            Change m = ranked.get(i);
            s.setString(1, period);
            s.setLong(2, asOf);
            s.setString(3, direction);
            s.setInt(4, i + 1);
            s.setString(5, m.key().source());
            s.setString(6, m.key().asset());
            s.setDouble(7, m.pctChange());
            s.setDouble(8, m.openPrice());
            s.setDouble(9, m.closePrice());
            s.addBatch();
        }
    }

    static String placeholders(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }
}
