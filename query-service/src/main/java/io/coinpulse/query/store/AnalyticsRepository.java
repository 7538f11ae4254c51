package io.coinpulse.query.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Reads the derived analytics spark-app writes ({@code window_indicators} of migration V17,
 * {@code movers} and {@code alerts} of V3) with plain JDBC; every statement a constant text with
 * {@code ?} parameters.
 */
@ApplicationScoped
public class AnalyticsRepository {

    /** The indicators of the latest 1m window of (source, asset): the last entry of its primary key. */
    private static final String LATEST_INDICATORS = "SELECT window_start, indicators FROM window_indicators"
            + " WHERE source = ? AND asset = ? ORDER BY window_start DESC LIMIT 1";
    /** The indicators of the 1m windows of (source, asset) with from <= window_start < to, oldest first. */
    private static final String INDICATORS_BETWEEN = "SELECT window_start, indicators FROM window_indicators"
            + " WHERE source = ? AND asset = ? AND window_start >= ? AND window_start < ? ORDER BY window_start LIMIT ?";
    private static final TypeReference<Map<String, Double>> INDICATOR_VALUES = new TypeReference<>() {
    };

    private static final String LATEST_MOVERS_AS_OF = "SELECT MAX(as_of) FROM movers WHERE period = ?";

    private static final String MOVERS = "SELECT direction, rank_no, source, asset, pct_change, open_price, close_price"
            + " FROM movers WHERE period = ? AND as_of = ? AND rank_no <= ? ORDER BY direction, rank_no";

    private static final String ALERT_COLUMNS = "alert_id, source, asset, window_start, kind, value, zscore, threshold,"
            + " detected_at, message";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public AnalyticsRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Every indicator of the latest 1m window of (source, asset) that has them, by name. */
    public List<Indicator> latestIndicators(String source, String asset) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LATEST_INDICATORS)) {
            s.setString(1, source);
            s.setString(2, asset);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
                long windowStart = rs.getLong("window_start");
                Map<String, Double> values = new TreeMap<>(json.readValue(rs.getString("indicators"), INDICATOR_VALUES));
                List<Indicator> indicators = new ArrayList<>();
                values.forEach((name, value) -> indicators.add(new Indicator(name, windowStart, value)));
                return indicators;
            }
        } catch (SQLException e) {
            throw new StoreException("reading the indicators of " + asset + " from " + source, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("window_indicators.indicators of " + asset + " from " + source
                    + " is not a JSON object of numbers", e);
        }
    }

    /** The indicators of the first {@code limit} 1m windows of (source, asset) with from <= window_start < to. */
    public List<IndicatorWindow> indicators(String source, String asset, long from, long to, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(INDICATORS_BETWEEN)) {
            s.setString(1, source);
            s.setString(2, asset);
            s.setLong(3, from);
            s.setLong(4, to);
            s.setInt(5, limit);
            List<IndicatorWindow> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new IndicatorWindow(rs.getLong("window_start"),
                            new TreeMap<>(json.readValue(rs.getString("indicators"), INDICATOR_VALUES))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the indicator series of " + asset + " from " + source, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("window_indicators.indicators of " + asset + " from " + source
                    + " is not a JSON object of numbers", e);
        }
    }

    /** The latest {@code as_of} of the movers of {@code period}, empty before spark-app wrote any. */
    public OptionalLong latestMoversAsOf(String period) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LATEST_MOVERS_AS_OF)) {
            s.setString(1, period);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long asOf = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(asOf);
            }
        } catch (SQLException e) {
            throw new StoreException("reading the latest movers of " + period, e);
        }
    }

    /** Gainers and losers of (period, asOf) ranked at most {@code limit}, each list by rank. */
    public Ranked movers(String period, long asOf, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(MOVERS)) {
            s.setString(1, period);
            s.setLong(2, asOf);
            s.setInt(3, limit);
            List<Mover> gainers = new ArrayList<>();
            List<Mover> losers = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Mover mover = new Mover(rs.getInt("rank_no"), rs.getString("asset"), rs.getString("source"),
                            rs.getDouble("pct_change"), rs.getDouble("open_price"), rs.getDouble("close_price"));
                    switch (rs.getString("direction")) {
                        case "gainer" -> gainers.add(mover);
                        case "loser" -> losers.add(mover);
                        default -> {
                            // a direction this version does not know: not served
                        }
                    }
                }
            }
            return new Ranked(gainers, losers);
        } catch (SQLException e) {
            throw new StoreException("reading the movers of " + period, e);
        }
    }

    /** Gainers and losers, each by rank. */
    public record Ranked(List<Mover> gainers, List<Mover> losers) {
    }

    /**
     * The latest {@code limit} alerts detected at or after {@code since}, of {@code asset} and
     * {@code kind} when given; newest first (ties: by id).
     */
    public List<Alert> alerts(OptionalLong since, Optional<String> asset, Optional<String> kind, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(ALERT_COLUMNS).append(" FROM alerts WHERE 1 = 1");
        if (since.isPresent()) {
            sql.append(" AND detected_at >= ?");
        }
        if (asset.isPresent()) {
            sql.append(" AND asset = ?");
        }
        if (kind.isPresent()) {
            sql.append(" AND kind = ?");
        }
        sql.append(" ORDER BY detected_at DESC, alert_id LIMIT ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (since.isPresent()) {
                s.setLong(i++, since.getAsLong());
            }
            if (asset.isPresent()) {
                s.setString(i++, asset.get());
            }
            if (kind.isPresent()) {
                s.setString(i++, kind.get());
            }
            s.setInt(i, limit);
            List<Alert> alerts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    alerts.add(new Alert(rs.getString("alert_id"), rs.getString("source"), rs.getString("asset"),
                            rs.getLong("window_start"), rs.getString("kind"), rs.getDouble("value"),
                            rs.getDouble("zscore"), rs.getDouble("threshold"), rs.getLong("detected_at"),
                            rs.getString("message")));
                }
            }
            return alerts;
        } catch (SQLException e) {
            throw new StoreException("reading alerts", e);
        }
    }
}
