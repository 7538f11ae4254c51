package io.coinpulse.spark.lake;

import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.sink.OnePassSink;
import io.coinpulse.spark.sink.WindowMetricsRepository;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake writes of the one-pass stream: the batches' ticks (valid, deduplicated) to table
 * {@value LakeTables#TICKS}, and the windows their watermarks make final, of every size, to
 * {@value LakeTables#WINDOWS}; each commit atomic (readers see all of its rows or none).
 *
 * <p>How often it commits: with trigger {@code available-now}, once per table and micro-batch. A
 * stream on a processing-time trigger holds the rows of its small batches (up to {@link #SMALL}
 * ticks) in a {@link LakeBuffer} beside its checkpoint and commits them together once the oldest is
 * {@code coinpulse.lake.trigger} old, so the tables get a snapshot every few seconds, not four a
 * second; a larger batch (a backlog) commits at once, after what is held. The lake is thus up to
 * that interval behind the database; {@link #flush} commits what is held when the stream ends of
 * itself, and a stream stopped by a signal or a crash leaves it for its next run, which commits it
 * as it starts ({@link #resume}).
 *
 * <p>Idempotent: each commit's snapshot summary records the stream (the query's id, kept by its
 * checkpoint) and the newest batch id it holds; a commit the table already has (a retry, or a replay
 * after a crash between the commit and Spark's own) is skipped.
 */
public final class IcebergLake implements OnePassSink.LakeWriter {

    /** Snapshot summary key of the writing stream's query id. */
    public static final String QUERY_ID = "coinpulse.query-id";
    /** Snapshot summary key of the micro-batch id. */
    public static final String BATCH_ID = "coinpulse.batch-id";
    /** The stream identity of batches written outside a streaming query. */
    static final String NO_QUERY = "none";
    /** Batches of at most this many ticks are held: their rows fit the driver's memory many times over. */
    static final int SMALL = 10_000;
    private static final long UNKNOWN = Long.MIN_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(IcebergLake.class);
    private static final StructType TICK = StructType.fromDDL(LakeTables.TICKS_COLUMNS);
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
    /** How long small batches are held; null: never (trigger available-now). */
    private final Duration holdFor;
    private final LakeBuffer buffer;
    /** When the oldest held batch was written (epoch ms), or {@link #UNKNOWN}: listed once, not per batch. */
    private long heldSince = UNKNOWN;
    /** The writing stream's id, once this run has written a batch. */
    private String stream;

    /**
     * @param bufferDir where small batches are held (beside the stream's checkpoint)
     */
    public IcebergLake(SparkSession spark, JobConfig config, LakeTables tables, String bufferDir) {
        this.spark = spark;
        this.sizes = config.windows();
        this.tables = tables;
        this.repository = new WindowMetricsRepository(config.db());
        this.holdFor = config.lakeWriterTrigger().interval();
        this.buffer = new LakeBuffer(bufferDir, spark.sparkContext().hadoopConfiguration());
    }

    /**
     * Names the stream whose batches this writer commits (its query's id, kept by its checkpoint) and
     * commits what an earlier run of it left held (stopped by a signal, or crashed).
     */
    public synchronized void resume(String queryId) throws IOException {
        stream = queryId;
        flush();
    }

    /** Commits (or holds) the batch's ticks and the windows of each size its watermark makes final (before they are marked). */
    @Override
    public synchronized void write(Dataset<Row> ticks, long batchId, long watermarkMs) throws Exception {
        String query = spark.sparkContext().getLocalProperty(StreamExecution.QUERY_ID_KEY());
        stream = query == null ? NO_QUERY : query;
        List<Object[]> windows = watermarkMs <= 0 ? List.of() : finalWindows(watermarkMs);
        if (holdFor != null) {
            List<Row> small = Lake.ticks(ticks).limit(SMALL + 1).collectAsList();
            if (small.size() <= SMALL) {
                buffer.put(batchId, small.stream().map(IcebergLake::values).toList(), windows);
                if (heldSince == UNKNOWN) {
                    heldSince = buffer.oldestMillis();
                }
                if (System.currentTimeMillis() - heldSince >= holdFor.toMillis()) {
                    flush();
                }
                return;
            }
            flush();
        }
        if (lastCommitted(tables.load(LakeTables.TICKS), stream) < batchId && !ticks.isEmpty()) {
            append(Lake.ticks(ticks), LakeTables.TICKS, batchId);
        }
        if (lastCommitted(tables.load(LakeTables.WINDOWS), stream) < batchId && !windows.isEmpty()) {
            append(Lake.windows(spark.createDataFrame(rows(windows), WINDOW)), LakeTables.WINDOWS, batchId);
        }
    }

    /**
     * Commits what the buffer holds, one snapshot per table under the newest held batch's id; the
     * batches a table already holds (a crash after its commit, before the buffer was cleared) are
     * left out of its commit. Does nothing before this run's first batch: the stream's id is known
     * from then on.
     */
    @Override
    public synchronized void flush() throws IOException {
        List<LakeBuffer.Batch> held = buffer.read();
        if (held.isEmpty() || stream == null) {
            return;
        }
        long last = held.get(held.size() - 1).id();
        List<Object[]> ticks = new ArrayList<>();
        long ticksDone = lastCommitted(tables.load(LakeTables.TICKS), stream);
        held.stream().filter(b -> b.id() > ticksDone).forEach(b -> ticks.addAll(b.ticks()));
        if (!ticks.isEmpty()) {
            append(spark.createDataFrame(rows(ticks), TICK), LakeTables.TICKS, last);
        }
        List<Object[]> windows = new ArrayList<>();
        long windowsDone = lastCommitted(tables.load(LakeTables.WINDOWS), stream);
        held.stream().filter(b -> b.id() > windowsDone).forEach(b -> windows.addAll(b.windows()));
        if (!windows.isEmpty()) {
            append(Lake.windows(spark.createDataFrame(rows(windows), WINDOW)), LakeTables.WINDOWS, last);
        }
        buffer.clearThrough(last);
        heldSince = UNKNOWN;
        LOG.debug("lake: {} ticks and {} windows of batches {}..{} committed", ticks.size(), windows.size(), held.get(0).id(), last);
    }

    private List<Object[]> finalWindows(long watermarkMs) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        for (WindowSize size : sizes) {
            rows.addAll(repository.openEndedBy(size.label(), watermarkMs));
        }
        return rows;
    }

    private void append(Dataset<Row> rows, String table, long batchId) {
        try {
            rows.writeTo(tables.name(table))
                    .options(Map.of("snapshot-property." + QUERY_ID, stream, "snapshot-property." + BATCH_ID, Long.toString(batchId)))
                    .append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("lake table " + tables.name(table) + " is missing", e);
        }
    }

    private static Object[] values(Row row) {
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i);
        }
        return values;
    }

    private static List<Row> rows(List<Object[]> values) {
        return values.stream().map(v -> RowFactory.create(Arrays.copyOf(v, v.length))).toList();
    }

    /**
     * The newest batch of {@code stream} that {@code table} holds, or -1: the first snapshot of that
     * stream from the current one back (a stream commits its batches in order; snapshots of other
     * writers, such as compaction, are passed over).
     */
    static long lastCommitted(Table table, String stream) {
        for (Snapshot s = table.currentSnapshot(); s != null; s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            if (stream.equals(s.summary().get(QUERY_ID))) {
                return Long.parseLong(s.summary().get(BATCH_ID));
            }
        }
        return -1;
    }

    /** Whether {@code table} holds batch {@code batchId} of {@code stream} (alone or in a commit of later batches). */
    static boolean committed(Table table, String stream, long batchId) {
        return lastCommitted(table, stream) >= batchId;
    }
}
