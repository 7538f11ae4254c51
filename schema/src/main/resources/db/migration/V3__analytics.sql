-- Derived analytics (SPEC §4), written by spark-app, served by query-service.
-- Contract between the two: see docs/CONTRACTS.md. Times are epoch milliseconds, UTC.

-- Indicators per asset over consecutive 1m windows, one row per indicator value:
-- indicator names are 'sma_<n>', 'ema_<n>' (n = periods of 1m closes), 'change_1m', 'change_5m'
-- (percent), 'volatility_<n>' (stddev of 1m log returns over n windows). Narrow, so the configured
-- periods need no schema change.
CREATE TABLE asset_indicators (
    source        VARCHAR(32)  NOT NULL,
    asset         VARCHAR(20)  NOT NULL,
    window_start  BIGINT       NOT NULL,
    indicator     VARCHAR(32)  NOT NULL,
    value         DOUBLE       NULL,
    updated_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (source, asset, window_start, indicator),
    KEY ix_asset_indicators_latest (asset, indicator, window_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Top-N gainers and losers over a period ('5m'), as of a 1m window boundary.
CREATE TABLE movers (
    period        VARCHAR(8)   NOT NULL,
    as_of         BIGINT       NOT NULL,
    direction     VARCHAR(8)   NOT NULL,   -- 'gainer' | 'loser'
    rank_no       INT          NOT NULL,   -- 1 = biggest move
    source        VARCHAR(32)  NOT NULL,
    asset         VARCHAR(20)  NOT NULL,
    pct_change    DOUBLE       NOT NULL,
    open_price    DOUBLE       NOT NULL,
    close_price   DOUBLE       NOT NULL,
    updated_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (period, as_of, direction, rank_no),
    KEY ix_movers_latest (period, as_of)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Anomaly alerts: a 1m return or volume beyond k standard deviations of its recent history.
-- Also published to Kafka topic crypto.alerts as JSON with the same fields in camelCase.
CREATE TABLE alerts (
    alert_id      VARCHAR(128) NOT NULL,   -- deterministic: <source>:<asset>:<kind>:<window_start>
    source        VARCHAR(32)  NOT NULL,
    asset         VARCHAR(20)  NOT NULL,
    window_start  BIGINT       NOT NULL,
    kind          VARCHAR(16)  NOT NULL,   -- 'price_move' | 'volume_spike'
    value         DOUBLE       NOT NULL,   -- the 1m log return, or the 1m quote volume
    zscore        DOUBLE       NOT NULL,
    threshold     DOUBLE       NOT NULL,   -- k
    detected_at   BIGINT       NOT NULL,
    message       VARCHAR(255) NOT NULL,
    PRIMARY KEY (alert_id),
    KEY ix_alerts_time (detected_at),
    KEY ix_alerts_asset (asset, window_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
