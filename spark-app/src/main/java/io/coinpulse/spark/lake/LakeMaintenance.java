package io.coinpulse.spark.lake;

import io.coinpulse.spark.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code maintain}: on each lake table, the small files of the stream's commits (one or a few
 * per micro-batch and partition) rewritten into larger ones, then the snapshots older than
 * {@code coinpulse.lake.snapshot-retention} expired (keeping the newest
 * {@code coinpulse.lake.snapshots-kept}) with the files only they referenced. Rows are never
 * changed: a rewrite replaces files by files holding the same rows, in one commit. Safe beside a
 * running stream: its appends and the rewrite commit independently (Iceberg retries a commit that
 * loses a race).
 */
public final class LakeMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(LakeMaintenance.class);

    private LakeMaintenance() {
    }

    /** What maintenance did to one table. */
    public record Outcome(String table, long filesBefore, long filesAfter, long rewrittenFiles, long addedFiles, long expiredSnapshots) {
    }

    /** Compacts and expires both tables; returns what it did, per table. */
    public static List<Outcome> run(SparkSession spark, JobConfig config) {
        LakeTables tables = LakeTables.open(spark, config);
        List<Outcome> out = new ArrayList<>();
        for (String name : List.of(LakeTables.TICKS, LakeTables.WINDOWS)) {
            Table table = tables.load(name);
            long before = dataFiles(table);
            RewriteDataFiles.Result rewritten = SparkActions.get(spark).rewriteDataFiles(table)
                    // any partition with two files or more: the stream's files are all small
                    .option("min-input-files", "2")
                    .execute();
            table.refresh();
            int snapshots = snapshots(table);
            SparkActions.get(spark).expireSnapshots(table)
                    .expireOlderThan(System.currentTimeMillis() - config.lakeRetention().maxAge().toMillis())
                    .retainLast(config.lakeRetention().keepLast())
                    .execute();
            table.refresh();
            Outcome o = new Outcome(tables.name(name), before, dataFiles(table), rewritten.rewrittenDataFilesCount(),
                    rewritten.addedDataFilesCount(), snapshots - snapshots(table));
            LOG.info("maintain {}: {} data files before, {} after ({} rewritten into {}); {} snapshots expired",
                    o.table(), o.filesBefore(), o.filesAfter(), o.rewrittenFiles(), o.addedFiles(), o.expiredSnapshots());
            out.add(o);
        }
        return out;
    }

    private static int snapshots(Table table) {
        int n = 0;
        for (Snapshot ignored : table.snapshots()) {
            n++;
        }
        return n;
    }

    /** The current snapshot's data files. */
    static long dataFiles(Table table) {
        Snapshot current = table.currentSnapshot();
        return current == null ? 0 : Long.parseLong(current.summary().getOrDefault("total-data-files", "0"));
    }
}
