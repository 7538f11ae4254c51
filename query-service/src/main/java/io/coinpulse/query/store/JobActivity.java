package io.coinpulse.query.store;

/**
 * What the Spark job's 1m window query did lately, from {@code stream_batches} (migration V13).
 *
 * @param inputRows ticks its micro-batches read in the period asked for
 * @param lateRecords ticks they dropped behind the watermark in that period
 * @param lastBatchEnd when its latest micro-batch ended (epoch ms), null before the first
 * @param newestEventTime the newest event time any of its micro-batches read (epoch ms), null before the first
 */
public record JobActivity(long inputRows, long lateRecords, Long lastBatchEnd, Long newestEventTime) {
}
