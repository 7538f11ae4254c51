-- Event-time window metrics, one row per (source, asset, window_size, window_start).
-- Written by spark-app (idempotent upsert from foreachBatch), read by query-service.
-- Times are epoch milliseconds, UTC; window_size is the label of SPEC §4 ('1m', '5m', '1h').
CREATE TABLE window_metrics (
    source        VARCHAR(32)  NOT NULL,
    asset         VARCHAR(20)  NOT NULL,
    window_size   VARCHAR(8)   NOT NULL,
    window_start  BIGINT       NOT NULL,
    window_end    BIGINT       NOT NULL,
    open          DOUBLE       NOT NULL,
    high          DOUBLE       NOT NULL,
    low           DOUBLE       NOT NULL,
    close         DOUBLE       NOT NULL,
    avg_price     DOUBLE       NOT NULL,
    tick_count    BIGINT       NOT NULL,
    trade_count   BIGINT       NOT NULL,
    volume_base   DOUBLE       NOT NULL,
    volume_quote  DOUBLE       NOT NULL,
    vwap          DOUBLE       NULL,
    price_stddev  DOUBLE       NOT NULL,
    pct_change    DOUBLE       NOT NULL,
    is_final      BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (source, asset, window_size, window_start),
    KEY ix_window_metrics_asset_time (asset, window_size, window_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
