package io.coinpulse.spark.sink;

import io.coinpulse.spark.jdbc.Retry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/** One micro-batch's run in a {@code foreachBatch} sink: the batch computed once, its writes retried, its phases timed. */
final class BatchRun {

    /** The writes of a batch, from its cached rows. */
    @FunctionalInterface
    interface Writes {
        void write(Dataset<Row> cached) throws Exception;
    }

    private final Map<String, Long> phases = new LinkedHashMap<>();
    private long started = System.nanoTime();

    /**
     * Runs {@code writes} within the retry budget over a cached copy of {@code batch}: a partition is
     * stored before the writers read it, so a retry repeats only the writes, never the batch's stateful
     * operators, whose state of this batch the failed attempt's tasks may already have committed.
     */
    static void cachedWithRetry(Dataset<Row> batch, String what, Duration budget, Writes writes) throws Exception {
        Dataset<Row> cached = batch.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Retry.withBudget(what, budget, () -> writes.write(cached));
        } finally {
            cached.unpersist(false);
        }
    }

    /** Records the milliseconds since the last lap (or the start) as {@code phase}. */
    void lap(String phase) {
        long now = System.nanoTime();
        phases.put(phase, (now - started) / 1_000_000);
        started = now;
    }

    /** Milliseconds of each phase, in order. */
    Map<String, Long> phases() {
        return phases;
    }
}
