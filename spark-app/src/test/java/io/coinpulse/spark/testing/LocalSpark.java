package io.coinpulse.spark.testing;

import io.coinpulse.spark.fs.NoForkLocalFs;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One local SparkSession for the whole test JVM (each start costs seconds): two cores, four
 * shuffle partitions as the job's default, no UI, UTC.
 */
public final class LocalSpark {

    /** Columns of the Kafka source the job reads: value, partition, offset. */
    public static final StructType KAFKA_RECORD = new StructType()
            .add("value", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType);

    /** Columns of table {@code window_metrics} as the window queries produce them ({@code vwap} nullable). */
    public static final StructType WINDOW_ROW = new StructType()
            .add("source", DataTypes.StringType).add("asset", DataTypes.StringType).add("window_size", DataTypes.StringType)
            .add("window_start", DataTypes.LongType).add("window_end", DataTypes.LongType)
            .add("open", DataTypes.DoubleType).add("high", DataTypes.DoubleType).add("low", DataTypes.DoubleType)
            .add("close", DataTypes.DoubleType).add("avg_price", DataTypes.DoubleType)
            .add("tick_count", DataTypes.LongType).add("trade_count", DataTypes.LongType)
            .add("volume_base", DataTypes.DoubleType).add("volume_quote", DataTypes.DoubleType)
            .add("vwap", DataTypes.DoubleType).add("price_stddev", DataTypes.DoubleType).add("pct_change", DataTypes.DoubleType);

    private static SparkSession session;

    private LocalSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            SparkSession.Builder builder = SparkSession.builder();
            // the job's file systems (CoinpulseJob.main), so every test goes through them
            NoForkLocalFs.SPARK_CONF.forEach(builder::config);
            session = builder
                    .master("local[2]")
                    .appName("coinpulse-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
                    .getOrCreate();
        }
        return session;
    }

    /** Kafka-like records: each JSON line on partition 0 at offsets 0, 1, 2, … in the given order. */
    public static Dataset<Row> records(List<String> values) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            rows.add(RowFactory.create(values.get(i), 0, (long) i));
        }
        return session().createDataFrame(rows, KAFKA_RECORD);
    }

    /** Kafka-like records with explicit positions. */
    public static Dataset<Row> recordsAt(List<Row> valuePartitionOffset) {
        return session().createDataFrame(valuePartitionOffset, KAFKA_RECORD);
    }
}
