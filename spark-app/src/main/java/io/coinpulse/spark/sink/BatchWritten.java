package io.coinpulse.spark.sink;

import java.util.Map;

/**
 * Told on the driver once a micro-batch's windows are written: the monitor turns it into the batch's
 * log line and its {@code stream_batches} row. An interface here, so the sink does not depend on the
 * monitor that observes it.
 */
@FunctionalInterface
public interface BatchWritten {

    /**
     * @param queryName the query that wrote
     * @param batchId its micro-batch
     * @param rows window rows upserted
     * @param finalized windows that became final
     * @param phases milliseconds of each phase of the sink (aggregate+upsert+publish, mark, final)
     */
    void written(String queryName, long batchId, long rows, int finalized, Map<String, Long> phases);
}
