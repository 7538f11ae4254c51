package io.coinpulse.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.testing.LocalSpark;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The lake's Iceberg tables on local disk (Hadoop catalog), without a stream: a batch written twice
 * adds its rows once; small batches of a processing-time stream are held and committed together,
 * once, also after a crash between the commit and the buffer's clearing; {@link Lake#ticksIn} returns exactly the range and reads only its hours; an
 * old Parquet lake is refused with what to do; maintenance compacts without changing a row.
 */
class IcebergLakeTest {

    private static final StructType TICK = new StructType()
            .add("source", DataTypes.StringType).add("kind", DataTypes.StringType).add("asset", DataTypes.StringType)
            .add("quote", DataTypes.StringType).add("price", DataTypes.DoubleType).add("size", DataTypes.DoubleType)
            .add("volume_24h", DataTypes.DoubleType).add("market_cap", DataTypes.DoubleType)
            .add("event_time", DataTypes.TimestampType).add("event_time_ms", DataTypes.LongType)
            .add("ingest_time_ms", DataTypes.LongType).add("id", DataTypes.StringType)
            .add("kafka_partition", DataTypes.IntegerType).add("kafka_offset", DataTypes.LongType);

    private final SparkSession spark = LocalSpark.session();
    private final Path work = Path.of("target", "it", "iceberg-lake-" + System.nanoTime()).toAbsolutePath();

    private static JobConfig config(Path lake, String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "COINPULSE_LAKE_PATH", lake.toUri().toString(),
                // the windows are read from the database only once a watermark is given: none here
                "COINPULSE_DB_URL", "jdbc:mysql://127.0.0.1:9/unused",
                "COINPULSE_DB_USER", "unused",
                // a commit per batch, unless a test says otherwise
                "COINPULSE_TRIGGER", "available-now"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return JobConfig.load("maintain", List.of(), env, Instant.now());
    }

    private Dataset<Row> ticks(String... instants) {
        List<Row> rows = new ArrayList<>();
        for (String at : instants) {
            Instant t = Instant.parse(at);
            rows.add(RowFactory.create("binance", "trade", "BTC", "USDT", 100.0, 0.5, null, null, Timestamp.from(t), t.toEpochMilli(),
                    t.toEpochMilli() + 5, at, 0, (long) rows.size()));
        }
        return spark.createDataFrame(rows, TICK);
    }

    @Test
    void aBatchWrittenTwiceAddsItsTicksOnceAndEachCommitNamesItsBatch() throws Exception {
        JobConfig config = config(work.resolve("once"));
        LakeTables tables = LakeTables.open(spark, config);
        IcebergLake lake = new IcebergLake(spark, config, tables, work.resolve("buffer-" + System.nanoTime()).toUri().toString());

        lake.write(ticks("2026-03-01T00:00:01Z", "2026-03-01T00:00:02Z"), 0, 0);
        lake.write(ticks("2026-03-01T00:00:01Z", "2026-03-01T00:00:02Z"), 0, 0);   // a retry of batch 0
        lake.write(ticks("2026-03-01T00:00:03Z"), 1, 0);
        lake.write(ticks("2026-03-01T00:00:03Z"), 1, 0);   // a replay of batch 1

        assertThat(spark.table(tables.name(LakeTables.TICKS)).orderBy("event_time_ms").collectAsList())
                .extracting(r -> r.<String>getAs("id"))
                .containsExactly("2026-03-01T00:00:01Z", "2026-03-01T00:00:02Z", "2026-03-01T00:00:03Z");
        Table table = tables.load(LakeTables.TICKS);
        List<String> commits = new ArrayList<>();
        table.snapshots().forEach(s -> commits.add(s.summary().get(IcebergLake.QUERY_ID) + "/" + s.summary().get(IcebergLake.BATCH_ID)
                + "/" + s.summary().get("added-records")));
        assertThat(commits).containsExactly("none/0/2", "none/1/1");
        assertThat(IcebergLake.committed(table, "none", 0)).isTrue();
        assertThat(IcebergLake.committed(table, "none", 2)).isFalse();
        assertThat(IcebergLake.committed(table, "another-stream", 1)).isFalse();
        // no final window without a watermark: the windows table has no commit
        assertThat(tables.load(LakeTables.WINDOWS).currentSnapshot()).isNull();
    }

    @Test
    void smallBatchesOfAProcessingTimeStreamAreHeldThenCommittedTogetherOnce() throws Exception {
        Path dir = work.resolve("held");
        JobConfig config = config(dir, "COINPULSE_TRIGGER", "250ms", "COINPULSE_LAKE_TRIGGER", "1h");
        LakeTables tables = LakeTables.open(spark, config);
        String buffer = dir.resolve("buffer").toUri().toString();
        IcebergLake lake = new IcebergLake(spark, config, tables, buffer);

        lake.write(ticks("2026-03-01T00:00:01Z"), 0, 0);
        lake.write(ticks("2026-03-01T00:00:02Z", "2026-03-01T00:00:03Z"), 1, 0);
        lake.write(ticks("2026-03-01T00:00:02Z", "2026-03-01T00:00:03Z"), 1, 0);   // a retry of batch 1
        assertThat(tables.load(LakeTables.TICKS).currentSnapshot()).as("nothing committed while held").isNull();
        lake.flush();

        assertThat(commits(tables.load(LakeTables.TICKS))).containsExactly("none/1/3");
        // a crash after that commit, before the buffer was cleared, replays batch 1 in a new driver; batch 2 follows
        IcebergLake restarted = new IcebergLake(spark, config, tables, buffer);
        restarted.write(ticks("2026-03-01T00:00:02Z", "2026-03-01T00:00:03Z"), 1, 0);
        restarted.write(ticks("2026-03-01T00:00:04Z"), 2, 0);
        restarted.flush();

        assertThat(commits(tables.load(LakeTables.TICKS))).containsExactly("none/1/3", "none/2/1");
        assertThat(spark.table(tables.name(LakeTables.TICKS)).orderBy("event_time_ms").collectAsList())
                .extracting(r -> r.<String>getAs("id"))
                .containsExactly("2026-03-01T00:00:01Z", "2026-03-01T00:00:02Z", "2026-03-01T00:00:03Z", "2026-03-01T00:00:04Z");
        assertThat(new LakeBuffer(buffer, spark.sparkContext().hadoopConfiguration()).read()).isEmpty();
    }

    /** Each snapshot's stream, batch and added rows, oldest first. */
    private static List<String> commits(Table table) {
        List<String> commits = new ArrayList<>();
        table.snapshots().forEach(s -> commits.add(s.summary().get(IcebergLake.QUERY_ID) + "/" + s.summary().get(IcebergLake.BATCH_ID)
                + "/" + s.summary().get("added-records")));
        return commits;
    }

    @Test
    void ticksInReturnsExactlyTheRangeAndReadsOnlyTheHoursOfTheRange() throws Exception {
        JobConfig config = config(work.resolve("range"));
        LakeTables tables = LakeTables.open(spark, config);
        IcebergLake lake = new IcebergLake(spark, config, tables, work.resolve("buffer-" + System.nanoTime()).toUri().toString());
        lake.write(ticks("2026-02-28T22:59:59Z", "2026-02-28T23:10:00Z", "2026-02-28T23:30:00Z", "2026-03-01T00:15:00Z",
                "2026-03-01T01:29:59.999Z", "2026-03-01T01:30:00Z", "2026-03-01T02:00:00Z"), 0, 0);
        // the data files of the hours outside the range made unreadable: a read of any of them fails
        Table table = tables.load(LakeTables.TICKS);
        int spoiled = 0;
        try (CloseableIterable<FileScanTask> files = table.newScan().planFiles()) {
            for (FileScanTask f : files) {
                String path = f.file().location();
                if (path.contains("event_time_hour=2026-02-28-22") || path.contains("event_time_hour=2026-03-01-02")) {
                    Path file = Path.of(URI.create(path));
                    // the length the manifest records, so the read gets as far as Parquet's footer
                    Files.writeString(file, "x".repeat((int) Files.size(file)), StandardCharsets.UTF_8);
                    spoiled++;
                }
            }
        }
        assertThat(spoiled).isEqualTo(2);

        Dataset<Row> in = Lake.ticksIn(Lake.ticksSnapshot(spark, tables), Instant.parse("2026-02-28T23:30:00Z").toEpochMilli(),
                Instant.parse("2026-03-01T01:30:00Z").toEpochMilli());

        assertThat(in.orderBy("event_time_ms").collectAsList()).extracting(r -> r.<String>getAs("id"))
                .containsExactly("2026-02-28T23:30:00Z", "2026-03-01T00:15:00Z", "2026-03-01T01:29:59.999Z");
        // the spoiled files are read by a query without the filter (a count alone is answered from the metadata)
        assertThatThrownBy(() -> spark.table(tables.name(LakeTables.TICKS)).select("id").collectAsList())
                .hasStackTraceContaining("Failed to open Parquet file");
    }

    @Test
    void aLakePathHoldingTheParquetLayoutOfEarlierVersionsIsRefusedWithWhatToDo() throws Exception {
        Path old = work.resolve("old");
        Files.createDirectories(old.resolve("ticks").resolve("_batches"));

        assertThatThrownBy(() -> LakeTables.open(spark, config(old))).isInstanceOf(LakeLayoutException.class)
                .hasMessageContaining("holds the Parquet directories of an earlier version")
                .hasMessageContaining("./coinpulse reset").hasMessageContaining("coinpulse.lake.path");
    }

    @Test
    void maintenanceCompactsTheBatchesFilesAndExpiresOldSnapshotsKeepingEveryRow() throws Exception {
        JobConfig config = config(work.resolve("maintain"), "COINPULSE_LAKE_SNAPSHOT_RETENTION", "0s",
                "COINPULSE_LAKE_SNAPSHOTS_KEPT", "1");
        LakeTables tables = LakeTables.open(spark, config);
        IcebergLake lake = new IcebergLake(spark, config, tables, work.resolve("buffer-" + System.nanoTime()).toUri().toString());
        for (int batch = 0; batch < 6; batch++) {
            lake.write(ticks("2026-03-01T00:0" + batch + ":00Z", "2026-03-01T00:0" + batch + ":30Z"), batch, 0);
        }
        List<Row> before = spark.table(tables.name(LakeTables.TICKS)).orderBy("event_time_ms").collectAsList();

        List<LakeMaintenance.Outcome> outcomes = LakeMaintenance.run(spark, config);

        assertThat(outcomes).extracting(LakeMaintenance.Outcome::table)
                .containsExactly(tables.name(LakeTables.TICKS), tables.name(LakeTables.WINDOWS));
        LakeMaintenance.Outcome ticks = outcomes.get(0);
        assertThat(ticks.filesBefore()).isGreaterThanOrEqualTo(6);
        assertThat(ticks.filesAfter()).isEqualTo(1);
        assertThat(ticks.rewrittenFiles()).isEqualTo(ticks.filesBefore());
        // the six batches' snapshots and the rewrite's: all but the newest expired
        assertThat(ticks.expiredSnapshots()).isEqualTo(6);
        assertThat(spark.table(tables.name(LakeTables.TICKS)).orderBy("event_time_ms").collectAsList()).isEqualTo(before);
        assertThat(before).hasSize(12);
        try (Stream<Path> files = Files.walk(work.resolve("maintain").resolve("coinpulse").resolve("ticks").resolve("data"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).as("files of expired snapshots deleted").isEqualTo(1);
        }
        assertThat(outcomes.get(1).filesAfter()).isZero();
    }
}
