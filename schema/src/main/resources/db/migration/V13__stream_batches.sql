-- One row per micro-batch of each spark-app streaming query: what the comparison mode (SPEC §5)
-- reads for the stream's latency, throughput and resources. Written from the query's progress
-- report; a replayed batch overwrites its row.
CREATE TABLE stream_batches (
    query_id          CHAR(36)     NOT NULL,
    batch_id          BIGINT       NOT NULL,
    query_name        VARCHAR(64)  NOT NULL,   -- e.g. 'window-metrics-1m'
    window_size       VARCHAR(8)   NOT NULL,
    started_at        BIGINT       NOT NULL,   -- epoch ms, the batch's trigger time
    duration_ms       BIGINT       NOT NULL,   -- triggerExecution: read, aggregate, write, commit
    input_rows        BIGINT       NOT NULL,
    min_event_time    BIGINT       NULL,       -- epoch ms; null for a batch without data
    max_event_time    BIGINT       NULL,
    avg_event_time    BIGINT       NULL,
    watermark         BIGINT       NULL,
    cpu_ms            BIGINT       NOT NULL,   -- executor CPU time of the batch's tasks
    peak_memory_bytes BIGINT       NOT NULL,   -- largest peak execution memory of one task
    late_records      BIGINT       NOT NULL,   -- dropped behind the watermark in this batch
    rows_written      BIGINT       NOT NULL,   -- window rows upserted
    PRIMARY KEY (query_id, batch_id),
    KEY ix_stream_batches_time (window_size, started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
