package io.coinpulse.spark.sink;

import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.jdbc.JdbcBatches;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts one partition of a micro-batch's window rows (the columns of
 * {@link io.coinpulse.spark.transform.WindowMetrics}) into {@code window_metrics}, on an
 * executor: one connection, JDBC batches, one transaction. The statement is idempotent, so a
 * retried or replayed batch writes the same values again.
 */
public final class WindowMetricsWriter implements ForeachPartitionFunction<Row> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WindowMetricsWriter.class);
    /** Rows per JDBC batch, rewritten into one multi-row statement. */
    private static final int BATCH_SIZE = 500;

    private final DbSettings db;
    private final LongAccumulator upserted;
    private final boolean asFinal;

    /**
     * The stream's writer: a new row is not final, an existing one keeps its {@code is_final}.
     *
     * @param db where to write
     * @param upserted counts the rows written
     */
    public WindowMetricsWriter(DbSettings db, LongAccumulator upserted) {
        this(db, upserted, false);
    }

    /**
     * @param db where to write
     * @param upserted counts the rows written
     * @param asFinal whether the rows are written final ({@link WindowMetricsRepository#UPSERT_FINAL}: a
     *                backfill's) rather than as the stream's open windows
     */
    public WindowMetricsWriter(DbSettings db, LongAccumulator upserted, boolean asFinal) {
        this.db = db;
        this.upserted = upserted;
        this.asFinal = asFinal;
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
        List<Row> partition = new ArrayList<>();
        rows.forEachRemaining(partition::add);
        upsert(partition);
    }

    /**
     * Upserts the rows; returns those written: all but any with a non-finite metric. A failure is
     * thrown with the table and the database named: the caller's batch is retried whole
     * ({@link io.coinpulse.spark.jdbc.Retry}, the job's one retry policy), never here as well.
     */
    List<Row> upsert(List<Row> partition) throws SQLException {
        if (partition.isEmpty()) {
            return partition;
        }
        try {
            List<Row> written = write(partition);
            upserted.add(written.size());
            return written;
        } catch (SQLException e) {
            throw new SQLException("upsert of " + partition.size() + " rows into window_metrics at "
                    + db.redactedUrl() + " failed: " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** Upserts the rows in one transaction; returns those written. */
    private List<Row> write(List<Row> rows) throws SQLException {
        List<Row> storable = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (storable(r)) {
                storable.add(r);
            } else {
                LOG.error("window {}/{}/{}/{} has a metric that is not a finite number, not written: {}",
                        r.getAs("source"), r.getAs("asset"), r.getAs("window_size"), r.getAs("window_start"), r);
            }
        }
        try (Connection c = db.connect()) {
            JdbcBatches.inTransaction(c, asFinal ? WindowMetricsRepository.UPSERT_FINAL : WindowMetricsRepository.UPSERT,
                    storable, BATCH_SIZE, (s, r) -> bind(s, r, asFinal));
        }
        return storable;
    }

    private static void bind(PreparedStatement s, Row r, boolean asFinal) throws SQLException {
        int i = 1;
        s.setString(i++, r.getAs("source"));
        s.setString(i++, r.getAs("asset"));
        s.setString(i++, r.getAs("window_size"));
        s.setLong(i++, r.<Long>getAs("window_start"));
        s.setLong(i++, r.<Long>getAs("window_end"));
        for (String c : List.of("open", "high", "low", "close", "avg_price")) {
            s.setDouble(i++, r.<Double>getAs(c));
        }
        s.setLong(i++, r.<Long>getAs("tick_count"));
        s.setLong(i++, r.<Long>getAs("trade_count"));
        s.setDouble(i++, r.<Double>getAs("volume_base"));
        s.setDouble(i++, r.<Double>getAs("volume_quote"));
        Double vwap = r.getAs("vwap");
        if (vwap == null) {
            s.setNull(i++, Types.DOUBLE);
        } else {
            s.setDouble(i++, vwap);
        }
        s.setDouble(i++, r.<Double>getAs("price_stddev"));
        s.setDouble(i++, r.<Double>getAs("pct_change"));
        // the stream's new window is open (the watermark drops records of windows it has passed); a backfill's is final
        s.setBoolean(i, asFinal);
    }

    /** MySQL rejects NaN and infinity: such a row would fail every retry of its batch. */
    private static boolean storable(Row r) {
        for (String c : List.of("open", "high", "low", "close", "avg_price", "volume_base", "volume_quote",
                "price_stddev", "pct_change")) {
            Double v = r.getAs(c);
            if (v == null || !Double.isFinite(v)) {
                return false;
            }
        }
        Double vwap = r.getAs("vwap");
        return vwap == null || Double.isFinite(vwap);
    }
}
