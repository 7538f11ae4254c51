-- Indexes for the reads of query-service on the analytics tables of V3.
-- The latest value of every indicator of one (source, asset): a loose index scan per indicator
-- instead of reading the asset's whole indicator history.
CREATE INDEX ix_asset_indicators_series ON asset_indicators (source, asset, indicator, window_start);
-- Recent alerts of one asset, newest first (GET /api/v1/alerts?asset=).
CREATE INDEX ix_alerts_asset_detected ON alerts (asset, detected_at);
