package io.coinpulse.spark.testing;

import io.coinpulse.spark.lake.LakeTables;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The lake read as another engine would, without Spark: Iceberg's own Java API (a Hadoop or JDBC
 * catalog) names the data files of a table's current snapshot, and DuckDB reads exactly those
 * files ({@code read_parquet}: DuckDB's iceberg extension is downloaded at first use, which this
 * machine cannot do). Files of uncommitted writes are never listed, so never read.
 */
public final class LakeReader {

    private LakeReader() {
    }

    /** The Hadoop catalog over a {@code file:} warehouse. */
    public static Catalog hadoop(URI warehouse) {
        return new HadoopCatalog(new Configuration(), warehouse.toString());
    }

    /** The JDBC catalog {@code name} in the database at {@code jdbcUrl}, tables under a {@code file:} warehouse. */
    public static Catalog jdbc(String name, String jdbcUrl, String user, String password, URI warehouse) {
        JdbcCatalog catalog = new JdbcCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize(name, Map.of("uri", jdbcUrl, "jdbc.user", user, "jdbc.password", password, "warehouse", warehouse.toString()));
        return catalog;
    }

    /** The local paths of the data files of the table's current snapshot. */
    public static List<Path> dataFiles(Catalog catalog, String table) throws IOException {
        Table t = catalog.loadTable(TableIdentifier.of(LakeTables.NAMESPACE, table));
        List<Path> out = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                out.add(Path.of(URI.create(task.file().location())));
            }
        }
        return out;
    }

    /**
     * DuckDB's answer to {@code select}, in which {@code lake} stands for the rows of {@code files}:
     * e.g. {@code SELECT COUNT(*) AS n FROM lake}.
     */
    public static List<Map<String, Object>> duckDb(List<Path> files, String select) throws SQLException {
        String list = files.stream().map(f -> "'" + f.toAbsolutePath().toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "[", "]"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE VIEW lake AS SELECT * FROM read_parquet(" + list + ")");
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(select)) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }
}
