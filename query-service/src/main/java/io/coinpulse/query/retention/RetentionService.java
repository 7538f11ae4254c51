package io.coinpulse.query.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Deletes the rows older than their table's retention ({@link RetentionConfig}), in statements of at most
 * {@code batch-size} rows, each committed on its own. Counts what it deleted in
 * {@code coinpulse.retention.deleted{table}}, registered at start so that a dashboard sees 0 rather than nothing.
 */
@Startup
@ApplicationScoped
public class RetentionService {

    public static final String DELETED = "coinpulse.retention.deleted";

    private final DataSource dataSource;
    private final List<RetentionRule> rules;
    private final int batchSize;
    private final Map<String, Counter> deleted = new LinkedHashMap<>();

    public RetentionService(DataSource dataSource, RetentionConfig config, MeterRegistry registry) {
        if (config.batchSize() < 1) {
            throw new IllegalArgumentException("coinpulse.retention.batch-size (COINPULSE_RETENTION_BATCH_SIZE) must be"
                    + " at least 1, got " + config.batchSize());
        }
        this.dataSource = dataSource;
        this.rules = RetentionRules.of(config);
        this.batchSize = config.batchSize();
        for (RetentionRule rule : rules) {
            deleted.put(rule.name(), Counter.builder(DELETED).description("Rows deleted because their retention expired")
                    .tag("table", rule.name()).register(registry));
        }
    }

    /**
     * Deletes every row that expired by {@code now}.
     *
     * @return rows deleted per rule name, in the order of the rules (0 for a rule that keeps rows forever)
     */
    public Map<String, Long> purge(Instant now) {
        Map<String, Long> report = new LinkedHashMap<>();
        for (RetentionRule rule : rules) {
            long count = rule.enabled() ? purge(rule, now.minus(rule.keep()).toEpochMilli()) : 0;
            deleted.get(rule.name()).increment(count);
            report.put(rule.name(), count);
        }
        return report;
    }

    private long purge(RetentionRule rule, long cutoff) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Optional<String> partitions = rule.partitions();
            if (partitions.isEmpty()) {
                return deleteAll(c, rule.delete(), Optional.empty(), cutoff);
            }
            long count = 0;
            for (String partition : values(c, partitions.get())) {
                count += deleteAll(c, rule.delete(), Optional.of(partition), cutoff);
            }
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException("retention of " + rule.name() + " failed: " + e.getMessage(), e);
        }
    }

    /** Runs the bounded delete until a run removes fewer rows than the batch size. */
    private long deleteAll(Connection c, String sql, Optional<String> partition, long cutoff) throws SQLException {
        long count = 0;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (partition.isPresent()) {
                s.setString(i++, partition.get());
            }
            s.setLong(i++, cutoff);
            s.setInt(i, batchSize);
            int removed;
            do {
                removed = s.executeUpdate();
                count += removed;
            } while (removed == batchSize);
        }
        return count;
    }

    private static List<String> values(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
