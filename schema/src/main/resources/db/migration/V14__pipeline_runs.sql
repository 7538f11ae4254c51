-- Runs of spark-app's batch modes: 'backfill' (windows recomputed from the Parquet lake) and
-- 'compare' (stream versus batch over a time range, SPEC §5). Times are epoch milliseconds.
CREATE TABLE pipeline_runs (
    run_id                  CHAR(36)     NOT NULL,
    mode                    VARCHAR(16)  NOT NULL,   -- 'backfill' | 'compare'
    range_from              BIGINT       NOT NULL,   -- windows with window_start in [range_from, range_to)
    range_to                BIGINT       NOT NULL,
    window_sizes            VARCHAR(64)  NOT NULL,   -- e.g. '1m,5m'
    started_at              BIGINT       NOT NULL,
    finished_at             BIGINT       NOT NULL,
    status                  VARCHAR(16)  NOT NULL,   -- 'agree' | 'differ' (compare), 'done' (backfill)
    windows                 BIGINT       NOT NULL,   -- windows recomputed by the batch
    ticks_read              BIGINT       NOT NULL,   -- raw ticks the batch read from the lake
    -- the batch recomputation
    batch_duration_ms       BIGINT       NOT NULL,
    batch_rows_per_s        DOUBLE       NOT NULL,   -- ticks read per second of wall time
    batch_latency_avg_ms    DOUBLE       NULL,       -- end of the batch minus the ticks' event time
    batch_latency_max_ms    DOUBLE       NULL,
    batch_cpu_ms            BIGINT       NOT NULL,   -- executor CPU time of the batch's tasks
    batch_peak_memory_bytes BIGINT       NOT NULL,
    -- the stream over the same range (compare only; null for a backfill)
    stream_batches          BIGINT       NULL,       -- micro-batches that read ticks of the range
    stream_input_rows       BIGINT       NULL,
    stream_duration_ms      BIGINT       NULL,       -- their summed durations
    stream_rows_per_s       DOUBLE       NULL,       -- input rows per second of batch time
    stream_latency_avg_ms   DOUBLE       NULL,       -- end of the micro-batch minus the ticks' event time
    stream_latency_max_ms   DOUBLE       NULL,
    stream_cpu_ms           BIGINT       NULL,
    stream_peak_memory_bytes BIGINT      NULL,
    -- accuracy (compare only)
    windows_stream          BIGINT       NULL,       -- rows in window_metrics for the range
    windows_matching        BIGINT       NULL,       -- every metric equal (relative 1e-9)
    windows_only_stream     BIGINT       NULL,
    windows_only_batch      BIGINT       NULL,
    metric_differences      BIGINT       NULL,       -- differing (window, metric) pairs
    PRIMARY KEY (run_id),
    KEY ix_pipeline_runs_time (mode, started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Every difference a comparison found, one row per (window, metric); at most 10,000 per run.
CREATE TABLE pipeline_run_differences (
    run_id         CHAR(36)     NOT NULL,
    source         VARCHAR(32)  NOT NULL,
    asset          VARCHAR(20)  NOT NULL,
    window_size    VARCHAR(8)   NOT NULL,
    window_start   BIGINT       NOT NULL,
    metric         VARCHAR(32)  NOT NULL,   -- a window_metrics column, or 'window' for a missing row
    stream_value   VARCHAR(64)  NULL,       -- as text: null when the stream has no such row
    batch_value    VARCHAR(64)  NULL,       -- as text: null when the batch has no such window
    PRIMARY KEY (run_id, source, asset, window_size, window_start, metric)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
