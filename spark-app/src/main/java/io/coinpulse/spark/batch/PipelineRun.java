package io.coinpulse.spark.batch;

/**
 * One row of table {@code pipeline_runs}: a backfill or a comparison (migration V14). The stream
 * and accuracy fields are null for a backfill.
 */
public record PipelineRun(String runId, String mode, long rangeFrom, long rangeTo, String windowSizes, long startedAt,
        long finishedAt, String status, long windows, long ticksRead, long batchDurationMs, double batchRowsPerSecond,
        Double batchLatencyAvgMs, Double batchLatencyMaxMs, long batchCpuMs, long batchPeakMemoryBytes,
        Long streamBatches, Long streamInputRows, Long streamDurationMs, Double streamRowsPerSecond,
        Double streamLatencyAvgMs, Double streamLatencyMaxMs, Long streamCpuMs, Long streamPeakMemoryBytes,
        Long windowsStream, Long windowsMatching, Long windowsOnlyStream, Long windowsOnlyBatch, Long metricDifferences) {
}
