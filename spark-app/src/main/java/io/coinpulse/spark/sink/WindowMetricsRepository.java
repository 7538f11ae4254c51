package io.coinpulse.spark.sink;

import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.kafka.MetricsJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table {@code window_metrics} (owned by query-service's Flyway migrations, see
 * docs/CONTRACTS.md) as the job sees it: the idempotent upsert the executors run, waiting for the
 * table at start, and marking windows final once the watermark has passed their end.
 */
public final class WindowMetricsRepository {

    /** The table. */
    public static final String TABLE = "window_metrics";

    /** Columns the job writes, in the order of {@link #UPSERT}'s parameters. */
    public static final List<String> COLUMNS = List.of("source", "asset", "window_size", "window_start", "window_end",
            "open", "high", "low", "close", "avg_price", "tick_count", "trade_count", "volume_base", "volume_quote",
            "vwap", "price_stddev", "pct_change", "is_final");

    /** Primary key of the table. */
    static final List<String> KEY = List.of("source", "asset", "window_size", "window_start");

    /**
     * Insert or overwrite one window's full state: a replayed micro-batch writes the same values
     * again, so a restart never double-counts. A new row is not final; an existing row keeps its
     * {@code is_final}, which only {@link #markFinal} sets: a batch replayed after a crash must
     * not reopen windows a later batch had closed. {@code VALUES(c)} rather than MySQL 8's row
     * alias, which MariaDB rejects. The one-pass merge state (migration V18) is cleared: the row no
     * longer holds what a one-pass merge would add to.
     */
    public static final String UPSERT = "INSERT INTO " + TABLE + " (" + String.join(", ", COLUMNS) + ") VALUES ("
            + COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") ON DUPLICATE KEY UPDATE "
            + COLUMNS.stream().filter(c -> !KEY.contains(c) && !c.equals("is_final")).map(c -> c + " = VALUES(" + c + ")")
                    .collect(Collectors.joining(", "))
            // the row's state is no longer the one-pass merge state: its next merge replaces it
            + ", open_order = NULL, close_order = NULL, price_mean = NULL, price_m2 = NULL, merged_batch = NULL, merged_by = NULL";

    /** The newest table of the job (migration V16): present when the schema is up to date. */
    static final String NEWEST_TABLE_PROBE = "SELECT source, asset, from_start, version, marked_at FROM analytics_pending WHERE 1 = 0";

    /**
     * Like {@link #UPSERT}, for windows already final when written (a backfill's, computed from
     * everything the lake holds for them): a new row and an existing one both end final, without
     * a second pass over the table to mark them.
     */
    public static final String UPSERT_FINAL = UPSERT.replace("?) ON DUPLICATE KEY UPDATE ", "?) ON DUPLICATE KEY UPDATE is_final = TRUE, ");

    static final String MARK_FINAL = "UPDATE " + TABLE + " SET is_final = TRUE"
            + " WHERE window_size = ? AND window_end <= ? AND is_final = FALSE";

    private static final Logger LOG = LoggerFactory.getLogger(WindowMetricsRepository.class);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(5);

    private final DbSettings db;
    private final Duration retryEvery;

    public WindowMetricsRepository(DbSettings db) {
        this(db, RETRY_EVERY);
    }

    /** With another pause between attempts of {@link #awaitTable}. */
    public WindowMetricsRepository(DbSettings db, Duration retryEvery) {
        this.db = db;
        this.retryEvery = retryEvery;
    }

    public DbSettings db() {
        return db;
    }

    /**
     * Returns once the table exists with every column the job writes, and the newest table the job
     * writes ({@code analytics_pending}, migration V16: the schema is recent enough); until then logs
     * why not and retries every few seconds.
     *
     * @throws TableNotReadyException when it is still missing after {@code timeout}
     */
    public void awaitTable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String probe = "SELECT " + String.join(", ", COLUMNS) + " FROM " + TABLE + " WHERE 1 = 0";
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeQuery(probe).close();
                s.executeQuery(NEWEST_TABLE_PROBE).close();
                s.executeQuery(WindowStateRepository.PROBE).close();
                if (attempt > 1) {
                    LOG.info("table {} is ready at {}", TABLE, db.redactedUrl());
                }
                return;
            } catch (SQLException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ");
                if (System.nanoTime() > deadline) {
                    throw new TableNotReadyException("table " + TABLE + " is still not usable at " + db.redactedUrl()
                            + " after " + timeout.toSeconds() + " s (query-service's Flyway migrations create it): " + why, e);
                }
                LOG.warn("waiting for table {} at {} (query-service's Flyway migrations create it), attempt {}: {}; retrying in {} s",
                        TABLE, db.redactedUrl(), attempt, why, retryEvery.toMillis() / 1000.0);
                sleep(retryEvery);
            }
        }
    }

    /**
     * Marks every window of {@code windowSize} that ends at or before {@code watermarkMs} final.
     *
     * @return how many rows became final
     */
    public int markFinal(String windowSize, long watermarkMs) throws SQLException {
        try (Connection c = db.connect()) {
            // READ COMMITTED: the scan takes no gap locks, so it never waits on the writers' inserts
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try (PreparedStatement s = c.prepareStatement(MARK_FINAL)) {
                s.setString(1, windowSize);
                s.setLong(2, watermarkMs);
                return s.executeUpdate();
            }
        }
    }

    /**
     * Like {@link #markFinal}, handing the rows that become final (as {@code crypto.metrics} JSON,
     * keyed by asset, {@code "final":true}) to {@code publish} first: a failure in between publishes
     * them again next time, never loses the notice.
     *
     * @return how many rows became final
     */
    public int markFinal(String windowSize, long watermarkMs, Consumer<List<Map.Entry<String, String>>> publish) throws SQLException {
        if (publish == null) {
            return markFinal(windowSize, watermarkMs);
        }
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT * FROM " + TABLE
                + " WHERE window_size = ? AND window_end <= ? AND is_final = FALSE")) {
            s.setString(1, windowSize);
            s.setLong(2, watermarkMs);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(Map.entry(rs.getString("asset"), MetricsJson.fromRow(rs, true)));
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        publish.accept(rows);
        return markFinal(windowSize, watermarkMs);
    }

    /**
     * The windows of {@code windowSize} that end at or before {@code watermarkMs} and are not final
     * yet: those the next {@link #markFinal} makes final, each as its {@link #COLUMNS} but
     * {@code is_final}, in that order.
     */
    public List<Object[]> openEndedBy(String windowSize, long watermarkMs) throws SQLException {
        List<String> columns = COLUMNS.subList(0, COLUMNS.size() - 1);
        List<Object[]> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT " + String.join(", ", columns) + " FROM "
                + TABLE + " WHERE window_size = ? AND window_end <= ? AND is_final = FALSE")) {
            s.setString(1, windowSize);
            s.setLong(2, watermarkMs);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    /**
     * Marks every window of {@code windowSize} starting in {@code [from, to)} final: a backfill's
     * windows are computed from everything the lake holds for them.
     *
     * @return how many rows became final
     */
    public int markFinalRange(String windowSize, long from, long to) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement s = c.prepareStatement("UPDATE " + TABLE + " SET is_final = TRUE"
                        + " WHERE window_size = ? AND window_start >= ? AND window_start < ? AND is_final = FALSE")) {
            s.setString(1, windowSize);
            s.setLong(2, from);
            s.setLong(3, to);
            return s.executeUpdate();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for table " + TABLE, e);
        }
    }
}
