-- The state the one-pass stream (spark-app, coinpulse.stream.plan=one-pass) merges each micro-batch's
-- partial windows into. NULL in rows written otherwise (the per-size stream, a backfill): the next
-- one-pass merge replaces such a row instead of adding to it.
--   open_order, close_order  the (event time, Kafka partition, offset) key of the open and close tick
--                            within the window, as spark-app's ArrivalOrder packs it
--   price_mean, price_m2     mean price and sum of squared deviations from it: price_stddev = sqrt(m2 / n)
--   merged_batch             the last micro-batch merged into the row: a retried or replayed batch skips it
--   merged_by                the id of the streaming query (kept in its checkpoint) that merged it: another
--                            query (a new checkpoint reading the topic again) must not add to it
ALTER TABLE window_metrics
    ADD COLUMN open_order   DECIMAL(38, 0) NULL,
    ADD COLUMN close_order  DECIMAL(38, 0) NULL,
    ADD COLUMN price_mean   DOUBLE         NULL,
    ADD COLUMN price_m2     DOUBLE         NULL,
    ADD COLUMN merged_batch BIGINT         NULL,
    ADD COLUMN merged_by    CHAR(36)       NULL;
