-- spark-app ranks the movers of a 1m window boundary from every asset's change_5m of that window:
--   SELECT source, asset, value FROM asset_indicators WHERE indicator = 'change_5m' AND window_start = ?
-- The primary key starts with (source, asset): without this index every ranking scans the table.
CREATE INDEX ix_asset_indicators_time ON asset_indicators (indicator, window_start);
