-- The 1m series whose derived analytics (spark-app: asset_indicators, movers, alerts) are behind
-- window_metrics. The stream marks a series in the micro-batch that upserted its windows, after the
-- upsert; spark-app's analytics worker recomputes the series from from_start on, outside the
-- micro-batch, and then removes the mark. A mark survives a crash or a stop of the job: its next start
-- recomputes what was pending. version changes with every mark, so a mark made while the worker
-- computes is never removed by it.
CREATE TABLE analytics_pending (
    source     VARCHAR(32)  NOT NULL,
    asset      VARCHAR(20)  NOT NULL,
    from_start BIGINT       NOT NULL,   -- epoch ms: the earliest changed 1m window, to recompute from
    version    BIGINT       NOT NULL,   -- 1 at the first mark, + 1 with each further one
    marked_at  BIGINT       NOT NULL,   -- epoch ms of the oldest mark not yet handled: the analytics lag
    PRIMARY KEY (source, asset)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
