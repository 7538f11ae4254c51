-- Records dropped behind the watermark (SPEC §4: dropped and counted, never silently), written by
-- spark-app per micro-batch of each window query and asset. Idempotent: a micro-batch replayed after
-- a restart writes the same row again. Per-asset totals: view late_records_per_asset (V15).
CREATE TABLE late_records (
    query_id         CHAR(36)     NOT NULL,   -- the streaming query's id (stable across restarts)
    batch_id         BIGINT       NOT NULL,   -- the micro-batch that dropped them
    window_size      VARCHAR(8)   NOT NULL,   -- the window query: '1m', '5m', ...
    source           VARCHAR(32)  NOT NULL,
    asset            VARCHAR(20)  NOT NULL,
    records          BIGINT       NOT NULL,   -- how many valid records of this asset were dropped
    min_event_time   BIGINT       NOT NULL,   -- epoch ms, the oldest of them
    max_event_time   BIGINT       NOT NULL,   -- epoch ms, the newest of them
    watermark        BIGINT       NOT NULL,   -- epoch ms, the watermark they were behind
    recorded_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (query_id, batch_id, source, asset),
    KEY ix_late_records_asset (asset, source, window_size)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
