-- spark-app marks windows final once the watermark passes their end:
--   UPDATE window_metrics SET is_final = TRUE WHERE window_size = ? AND window_end <= ? AND is_final = FALSE
-- after every micro-batch. Without this index that statement scans the whole table; with it, it reads
-- only the still-open windows (a handful per asset).
CREATE INDEX ix_window_metrics_finality ON window_metrics (is_final, window_size, window_end);
