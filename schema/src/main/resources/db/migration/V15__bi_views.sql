-- Views for BI tools (Tableau, Power BI, Looker Studio) that read MySQL directly; docs/BI.md describes
-- every table and view column by column, and how to give such a tool a read-only user.
-- Times stay epoch milliseconds (UTC) as in the tables, with a DATETIME (UTC) beside them for tools.

-- The newest window of every (source, asset, window size): the current state per asset.
CREATE VIEW v_latest_windows AS
SELECT w.source, w.asset, w.window_size, w.window_start, w.window_end,
       TIMESTAMPADD(SECOND, w.window_start DIV 1000, CAST('1970-01-01 00:00:00' AS DATETIME)) AS window_start_utc,
       w.open, w.high, w.low, w.close, w.avg_price, w.vwap, w.volume_base, w.volume_quote, w.tick_count, w.trade_count,
       w.price_stddev, w.pct_change, w.is_final, w.updated_at
FROM window_metrics w
JOIN (SELECT source, asset, window_size, MAX(window_start) AS window_start
      FROM window_metrics GROUP BY source, asset, window_size) l
  ON w.source = l.source AND w.asset = l.asset AND w.window_size = l.window_size AND w.window_start = l.window_start;

-- Daily candles (UTC days) from the 1m windows: open of the day's first window, close of its last.
CREATE VIEW v_daily_candles AS
SELECT d.source, d.asset, d.day_start,
       CAST(TIMESTAMPADD(SECOND, d.day_start DIV 1000, CAST('1970-01-01 00:00:00' AS DATETIME)) AS DATE) AS day_utc,
       o.open, d.high, d.low, c.close,
       (c.close - o.open) / o.open * 100 AS pct_change,
       d.volume_base, d.volume_quote,
       CASE WHEN d.volume_base > 0 THEN d.volume_quote / d.volume_base END AS vwap,
       d.tick_count, d.trade_count, d.windows, d.final_windows = d.windows AS is_final
FROM (SELECT source, asset, window_start - MOD(window_start, 86400000) AS day_start,
             MIN(window_start) AS first_start, MAX(window_start) AS last_start,
             MAX(high) AS high, MIN(low) AS low, SUM(volume_base) AS volume_base, SUM(volume_quote) AS volume_quote,
             SUM(tick_count) AS tick_count, SUM(trade_count) AS trade_count, COUNT(*) AS windows,
             SUM(CASE WHEN is_final THEN 1 ELSE 0 END) AS final_windows
      FROM window_metrics WHERE window_size = '1m'
      GROUP BY source, asset, window_start - MOD(window_start, 86400000)) d
JOIN window_metrics o ON o.source = d.source AND o.asset = d.asset AND o.window_size = '1m' AND o.window_start = d.first_start
JOIN window_metrics c ON c.source = d.source AND c.asset = d.asset AND c.window_size = '1m' AND c.window_start = d.last_start;

-- The newest movers ranking of every period.
CREATE VIEW v_latest_movers AS
SELECT m.period, m.as_of,
       TIMESTAMPADD(SECOND, m.as_of DIV 1000, CAST('1970-01-01 00:00:00' AS DATETIME)) AS as_of_utc,
       m.direction, m.rank_no, m.source, m.asset, m.pct_change, m.open_price, m.close_price
FROM movers m
JOIN (SELECT period, MAX(as_of) AS as_of FROM movers GROUP BY period) l ON m.period = l.period AND m.as_of = l.as_of;

-- The newest value of every indicator of every (source, asset).
CREATE VIEW v_latest_indicators AS
SELECT i.source, i.asset, i.indicator, i.window_start, i.value
FROM asset_indicators i
JOIN (SELECT source, asset, indicator, MAX(window_start) AS window_start
      FROM asset_indicators GROUP BY source, asset, indicator) l
  ON i.source = l.source AND i.asset = l.asset AND i.indicator = l.indicator AND i.window_start = l.window_start;

-- Records dropped behind the watermark, per window query and asset, since the stream began.
CREATE VIEW v_late_records_per_asset AS
SELECT window_size, source, asset, SUM(records) AS records, MIN(min_event_time) AS first_event_time,
       MAX(max_event_time) AS last_event_time, MAX(recorded_at) AS last_recorded_at
FROM late_records
GROUP BY window_size, source, asset;
