package io.coinpulse.bench;

import io.coinpulse.devstack.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The one-pass merge state of {@code window_metrics} (migration V18), as the bench's streaming runs need it. */
final class MergeState {

    private MergeState() {
    }

    /**
     * Forgets the merge state of the bench's own rows (source {@value TickFile#SOURCE}): they keep their
     * values, and the next one-pass run, on a new checkpoint, replaces them instead of failing on rows
     * another query merged. The stack's own job writes other sources and keeps its state.
     *
     * @return the rows changed
     */
    static int forget(Database db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
            return s.executeUpdate("UPDATE window_metrics SET open_order = NULL, close_order = NULL, price_mean = NULL,"
                    + " price_m2 = NULL, merged_batch = NULL, merged_by = NULL WHERE source = '" + TickFile.SOURCE + "' AND merged_by IS NOT NULL");
        }
    }
}
