package io.coinpulse.spark.lake;

import static org.apache.spark.sql.functions.lit;

import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.sink.OnePassSink;
import io.coinpulse.spark.sink.WindowMetricsRepository;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The lake writes of the one-pass stream, per micro-batch: the batch's ticks (valid, deduplicated)
 * under {@code <lake>/ticks}, and the windows the batch's watermark makes final under
 * {@code <lake>/window_metrics/<size>}, each in a partition {@code batch=<id>} of its own.
 * Idempotent per batch: a batch's write replaces that batch's partitions (dynamic partition
 * overwrite: what a failed attempt left is overwritten), then leaves a marker
 * {@code _batches/<id>}; a replayed batch that finds the marker writes nothing again. Readers read
 * the directories as a whole, as they read the file-sink lake ({@code _}-prefixed paths are not data).
 */
public final class LakeBatches implements OnePassSink.LakeWriter {

    /** Partition column of the batch that wrote the rows. */
    public static final String BATCH = "batch";

    private static final StructType WINDOW = new StructType()
            .add("source", DataTypes.StringType).add("asset", DataTypes.StringType).add("window_size", DataTypes.StringType)
            .add("window_start", DataTypes.LongType).add("window_end", DataTypes.LongType)
            .add("open", DataTypes.DoubleType).add("high", DataTypes.DoubleType).add("low", DataTypes.DoubleType)
            .add("close", DataTypes.DoubleType).add("avg_price", DataTypes.DoubleType).add("tick_count", DataTypes.LongType)
            .add("trade_count", DataTypes.LongType).add("volume_base", DataTypes.DoubleType).add("volume_quote", DataTypes.DoubleType)
            .add("vwap", DataTypes.DoubleType).add("price_stddev", DataTypes.DoubleType).add("pct_change", DataTypes.DoubleType);

    private final SparkSession spark;
    private final JobConfig config;
    private final WindowMetricsRepository repository;

    public LakeBatches(SparkSession spark, JobConfig config) {
        this.spark = spark;
        this.config = config;
        this.repository = new WindowMetricsRepository(config.db());
    }

    /** Writes the batch's ticks, then the windows of each size its watermark makes final (before they are marked). */
    @Override
    public void write(Dataset<Row> ticks, long batchId, long watermarkMs) throws Exception {
        String ticksDir = config.lakeOf(Lake.TICKS);
        if (!done(ticksDir, batchId)) {
            if (!ticks.isEmpty()) {
                overwrite(Lake.ticks(ticks).withColumn(BATCH, lit(batchId)), ticksDir, "date", "hour", BATCH);
            }
            markDone(ticksDir, batchId);
        }
        if (watermarkMs <= 0) {
            return;
        }
        for (WindowSize size : config.windows()) {
            String dir = config.lakeOf(Lake.windowsDir(size));
            if (done(dir, batchId)) {
                continue;
            }
            List<Row> rows = new ArrayList<>();
            for (Object[] r : repository.openEndedBy(size.label(), watermarkMs)) {
                rows.add(RowFactory.create(r));
            }
            if (!rows.isEmpty()) {
                overwrite(Lake.windows(spark.createDataFrame(rows, WINDOW)).withColumn(BATCH, lit(batchId)), dir, "date", BATCH);
            }
            markDone(dir, batchId);
        }
    }

    private static void overwrite(Dataset<Row> rows, String dir, String... partitions) {
        rows.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").partitionBy(partitions).parquet(dir);
    }

    private boolean done(String dir, long batchId) throws IOException {
        Path marker = marker(dir, batchId);
        return marker.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(marker);
    }

    private void markDone(String dir, long batchId) throws IOException {
        Path marker = marker(dir, batchId);
        FileSystem fs = marker.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.create(marker, true).close();
    }

    private static Path marker(String dir, long batchId) {
        return new Path(dir + "/_batches/" + batchId);
    }
}
