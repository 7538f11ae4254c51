-- The derived indicators, one row per 1m window instead of one per indicator value (V3's asset_indicators).
-- The 10,000-asset benchmark wrote 1.47 million narrow rows for 150,000 windows, each into a primary key and
-- three secondary indexes: the job's analytics spent 40 s on them (docs/BENCHMARKS.md). One row per window
-- is a ninth of the rows and two index entries each.
--
-- indicators: a JSON object, indicator name -> value (null while undefined: too few consecutive 1m windows),
-- every indicator the job's configuration computes ('sma_<n>', 'ema_<n>', 'change_1m', 'change_5m',
-- 'volatility_<n>'), so the configured periods still need no schema change. change_5m is also a column of
-- its own: the movers ranking of a 1m boundary reads it for every asset from the index alone.
CREATE TABLE window_indicators (
    source        VARCHAR(32)  NOT NULL,
    asset         VARCHAR(20)  NOT NULL,
    window_start  BIGINT       NOT NULL,
    change_5m     DOUBLE       NULL,
    indicators    JSON         NOT NULL,
    updated_at    TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (source, asset, window_start),
    KEY ix_window_indicators_time (window_start, change_5m)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- what earlier versions computed is kept
INSERT INTO window_indicators (source, asset, window_start, change_5m, indicators)
SELECT source, asset, window_start, MAX(CASE WHEN indicator = 'change_5m' THEN value END), JSON_OBJECTAGG(indicator, value)
FROM asset_indicators
GROUP BY source, asset, window_start;

DROP VIEW v_latest_indicators;
DROP TABLE asset_indicators;

-- For BI tools (docs/BI.md): every indicator value of every window, one row each, as asset_indicators had them.
CREATE VIEW v_indicators AS
SELECT i.source, i.asset, i.window_start,
       TIMESTAMPADD(SECOND, i.window_start DIV 1000, CAST('1970-01-01 00:00:00' AS DATETIME)) AS window_start_utc,
       n.indicator,
       CASE WHEN JSON_TYPE(JSON_EXTRACT(i.indicators, CONCAT('$."', n.indicator, '"'))) = 'NULL' THEN NULL
            ELSE CAST(JSON_EXTRACT(i.indicators, CONCAT('$."', n.indicator, '"')) AS DOUBLE) END AS value
FROM window_indicators i
CROSS JOIN JSON_TABLE(JSON_KEYS(i.indicators), '$[*]' COLUMNS (indicator VARCHAR(32) PATH '$')) n;

-- The indicators of the newest window of every (source, asset), as V15 defined it.
CREATE VIEW v_latest_indicators AS
SELECT v.source, v.asset, v.indicator, v.window_start, v.value
FROM v_indicators v
JOIN (SELECT source, asset, MAX(window_start) AS window_start FROM window_indicators GROUP BY source, asset) l
  ON v.source = l.source AND v.asset = l.asset AND v.window_start = l.window_start;
