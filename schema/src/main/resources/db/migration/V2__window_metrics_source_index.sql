-- Serves the source lookups of query-service from the index alone: the sources of one asset
-- (source resolution, SPEC §6) and the latest window per (asset, source) of one size (the price
-- listing) become loose index scans instead of reading every window of the asset.
CREATE INDEX ix_window_metrics_asset_source ON window_metrics (asset, source, window_size, window_start);
