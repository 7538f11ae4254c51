package io.coinpulse.spark.lake;

import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.LakeCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;

/**
 * The lake's two Iceberg tables in namespace {@value #NAMESPACE} of a Spark catalog the job
 * configures on its own session ({@link LakeCatalog}: Hadoop, JDBC or REST; catalog settings may
 * be set at runtime before the catalog's first use), created when missing:
 * <ul>
 * <li>{@value #TICKS}: the valid, deduplicated ticks, partitioned by {@code hours(event_time)} (the
 *     hour implies the day; Iceberg rejects both transforms on one column);
 * <li>{@value #WINDOWS}: the final windows of every size, partitioned by {@code window_size} and
 *     {@code days(window_start_time)}.
 * </ul>
 */
public final class LakeTables {

    /** The namespace of the lake's tables. */
    public static final String NAMESPACE = "coinpulse";
    /** The raw ticks. */
    public static final String TICKS = "ticks";
    /** The final windows. */
    public static final String WINDOWS = "window_metrics";
    /** Name of the lake's Spark catalog (a JDBC catalog records its tables under it). */
    public static final String CATALOG = "lake";

    static final String TICKS_COLUMNS = "`source` STRING, `kind` STRING, `asset` STRING, `quote` STRING, `price` DOUBLE,"
            + " `size` DOUBLE, `volume_24h` DOUBLE, `market_cap` DOUBLE, `event_time` TIMESTAMP, `event_time_ms` BIGINT,"
            + " `ingest_time_ms` BIGINT, `id` STRING, `kafka_partition` INT, `kafka_offset` BIGINT";
    private static final String WINDOWS_COLUMNS = "`source` STRING, `asset` STRING, `window_size` STRING, `window_start` BIGINT,"
            + " `window_end` BIGINT, `open` DOUBLE, `high` DOUBLE, `low` DOUBLE, `close` DOUBLE, `avg_price` DOUBLE,"
            + " `tick_count` BIGINT, `trade_count` BIGINT, `volume_base` DOUBLE, `volume_quote` DOUBLE, `vwap` DOUBLE,"
            + " `price_stddev` DOUBLE, `pct_change` DOUBLE, `window_start_time` TIMESTAMP";
    /**
     * Every commit (a micro-batch, or the small ones held since the last) writes a new metadata file,
     * of which only the last few are kept; partitions are written as the rows come (fan-out), without
     * a shuffle per commit, and compacted by mode maintain.
     */
    private static final String PROPERTIES = "'format-version'='2', 'write.metadata.delete-after-commit.enabled'='true',"
            + " 'write.metadata.previous-versions-max'='20', 'write.distribution-mode'='none', 'write.spark.fanout.enabled'='true'";

    private final SparkSession spark;
    private final String catalog;

    private LakeTables(SparkSession spark, String catalog) {
        this.spark = spark;
        this.catalog = catalog;
    }

    /**
     * The lake of {@code config} on this session: its catalog registered, namespace and tables
     * created when missing.
     *
     * @throws LakeLayoutException when the lake path holds the Parquet directories of an earlier version
     */
    public static LakeTables open(SparkSession spark, JobConfig config) {
        if (config.lakeCatalog().type() != LakeCatalog.Type.REST) {
            checkLayout(spark, config.lakePath());
        }
        if (config.lakeCatalog().type() == LakeCatalog.Type.JDBC) {
            // Iceberg's JDBC catalog connects through DriverManager, which sees a driver once its class is loaded
            try {
                Class.forName("com.mysql.cj.jdbc.Driver");
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the MySQL JDBC driver is not on the classpath", e);
            }
        }
        LakeTables tables = new LakeTables(spark, register(spark, config.lakeCatalog().sparkProperties(config.lakePath())));
        tables.create();
        return tables;
    }

    /** The Spark catalog's name. */
    public String catalog() {
        return catalog;
    }

    /** The table's name for Spark, e.g. {@code lake.coinpulse.ticks}. */
    public String name(String table) {
        return catalog + "." + NAMESPACE + "." + table;
    }

    /** The Iceberg table as it is now (read from the catalog). */
    public Table load(String table) {
        try {
            return Spark3Util.loadIcebergTable(spark, name(table));
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("lake table " + name(table) + " is missing", e);
        }
    }

    /**
     * Registers Iceberg's Spark catalog with {@code properties} as {@value #CATALOG}, or, when this
     * session has that name configured otherwise (a second lake in one JVM), as {@code lake_1}, … .
     */
    static String register(SparkSession spark, Map<String, String> properties) {
        for (int i = 0;; i++) {
            String name = i == 0 ? CATALOG : CATALOG + "_" + i;
            String prefix = "spark.sql.catalog." + name;
            if (spark.conf().getOption(prefix).isEmpty()) {
                spark.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
                // every load reads the table's current metadata: a commit of another process (maintain) is seen at once
                spark.conf().set(prefix + ".cache-enabled", "false");
                properties.forEach((k, v) -> spark.conf().set(prefix + "." + k, v));
                return name;
            }
            if (properties.entrySet().stream().allMatch(e -> e.getValue().equals(spark.conf().get(prefix + "." + e.getKey(), null)))) {
                return name;
            }
        }
    }

    private void create() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + NAMESPACE);
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(TICKS) + " (" + TICKS_COLUMNS + ") USING iceberg"
                + " PARTITIONED BY (hours(`event_time`)) TBLPROPERTIES (" + PROPERTIES + ")");
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(WINDOWS) + " (" + WINDOWS_COLUMNS + ") USING iceberg"
                + " PARTITIONED BY (`window_size`, days(`window_start_time`)) TBLPROPERTIES (" + PROPERTIES + ")");
    }

    /** Fails when {@code <lake>/ticks} or {@code <lake>/window_metrics} exist: the Parquet lake of earlier versions. */
    private static void checkLayout(SparkSession spark, URI lake) {
        String root = lake.toString().replaceAll("/+$", "");
        try {
            for (String old : new String[] {TICKS, WINDOWS}) {
                Path path = new Path(root + "/" + old);
                FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (fs.exists(path)) {
                    throw new LakeLayoutException("the lake at " + root + " holds the Parquet directories of an earlier version ("
                            + path + "); the lake is now a set of Iceberg tables: run ./coinpulse reset (local) or delete that"
                            + " directory, or set coinpulse.lake.path to a new location");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lake at " + root, e);
        }
    }
}
