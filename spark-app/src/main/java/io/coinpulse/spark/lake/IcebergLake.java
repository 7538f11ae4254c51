package io.coinpulse.spark.lake;

import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.sink.OnePassSink;
import io.coinpulse.spark.sink.WindowMetricsRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.StreamExecution;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The lake writes of the one-pass stream, per micro-batch: the batch's ticks (valid, deduplicated)
 * to table {@value LakeTables#TICKS}, and the windows its watermark makes final, of every size, to
 * {@value LakeTables#WINDOWS}: one Iceberg commit per table and batch, atomic (readers see all of
 * the batch's rows or none). Idempotent: each commit's snapshot summary records the stream (the
 * query's id, kept by its checkpoint) and the batch id; a batch the table already holds (a retry, or
 * a replay after a crash between the commit and Spark's own) is skipped.
 */
public final class IcebergLake implements OnePassSink.LakeWriter {

    /** Snapshot summary key of the writing stream's query id. */
    public static final String QUERY_ID = "coinpulse.query-id";
    /** Snapshot summary key of the micro-batch id. */
    public static final String BATCH_ID = "coinpulse.batch-id";
    /** The stream identity of batches written outside a streaming query. */
    static final String NO_QUERY = "none";

    private static final StructType WINDOW = new StructType()
            .add("source", DataTypes.StringType).add("asset", DataTypes.StringType).add("window_size", DataTypes.StringType)
            .add("window_start", DataTypes.LongType).add("window_end", DataTypes.LongType)
            .add("open", DataTypes.DoubleType).add("high", DataTypes.DoubleType).add("low", DataTypes.DoubleType)
            .add("close", DataTypes.DoubleType).add("avg_price", DataTypes.DoubleType).add("tick_count", DataTypes.LongType)
            .add("trade_count", DataTypes.LongType).add("volume_base", DataTypes.DoubleType).add("volume_quote", DataTypes.DoubleType)
            .add("vwap", DataTypes.DoubleType).add("price_stddev", DataTypes.DoubleType).add("pct_change", DataTypes.DoubleType);

    private final SparkSession spark;
    private final List<WindowSize> sizes;
    private final LakeTables tables;
    private final WindowMetricsRepository repository;

    public IcebergLake(SparkSession spark, JobConfig config, LakeTables tables) {
        this.spark = spark;
        this.sizes = config.windows();
        this.tables = tables;
        this.repository = new WindowMetricsRepository(config.db());
    }

    /** Appends the batch's ticks, then the windows of each size its watermark makes final (before they are marked). */
    @Override
    public void write(Dataset<Row> ticks, long batchId, long watermarkMs) throws Exception {
        String query = spark.sparkContext().getLocalProperty(StreamExecution.QUERY_ID_KEY());
        String stream = query == null ? NO_QUERY : query;
        if (!ticks.isEmpty() && !committed(tables.load(LakeTables.TICKS), stream, batchId)) {
            append(Lake.ticks(ticks), LakeTables.TICKS, stream, batchId);
        }
        if (watermarkMs <= 0 || committed(tables.load(LakeTables.WINDOWS), stream, batchId)) {
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (WindowSize size : sizes) {
            for (Object[] r : repository.openEndedBy(size.label(), watermarkMs)) {
                rows.add(RowFactory.create(r));
            }
        }
        if (!rows.isEmpty()) {
            append(Lake.windows(spark.createDataFrame(rows, WINDOW)), LakeTables.WINDOWS, stream, batchId);
        }
    }

    private void append(Dataset<Row> rows, String table, String stream, long batchId) throws Exception {
        rows.writeTo(tables.name(table))
                .options(Map.of("snapshot-property." + QUERY_ID, stream, "snapshot-property." + BATCH_ID, Long.toString(batchId)))
                .append();
    }

    /**
     * Whether {@code table} holds batch {@code batchId} of {@code stream}: its snapshots from the
     * current one back, until one of that stream with an earlier batch (a stream commits its batches
     * in order; snapshots of other writers, such as compaction, are passed over).
     */
    static boolean committed(Table table, String stream, long batchId) {
        for (Snapshot s = table.currentSnapshot(); s != null; s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            Map<String, String> summary = s.summary();
            if (stream.equals(summary.get(QUERY_ID))) {
                long committed = Long.parseLong(summary.get(BATCH_ID));
                if (committed == batchId) {
                    return true;
                }
                if (committed < batchId) {
                    return false;
                }
            }
        }
        return false;
    }
}
