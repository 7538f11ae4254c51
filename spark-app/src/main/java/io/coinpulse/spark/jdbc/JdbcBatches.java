package io.coinpulse.spark.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One statement run for many rows: JDBC batches (rewritten into multi-row statements by the driver), one transaction. */
public final class JdbcBatches {

    /** Binds one row's parameters. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    private JdbcBatches() {
    }

    /**
     * Runs {@code sql} for every row in batches of {@code size}, in one transaction on {@code c}
     * (READ COMMITTED: no gap locks against concurrent writers); rolls back on failure.
     */
    public static <T> void inTransaction(Connection c, String sql, Iterable<T> rows, int size, Binder<T> binder) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int pending = 0;
            for (T row : rows) {
                binder.bind(s, row);
                s.addBatch();
                if (++pending == size) {
                    s.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                s.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }
}
