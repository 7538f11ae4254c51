package io.coinpulse.query.retention;

import java.util.List;

/**
 * The retention rules of the tables spark-app fills without bound (migrations V1, V3, V13, V17). Each delete
 * reads an existing index range (none needs a new index) and removes the oldest rows first.
 */
final class RetentionRules {

    /** Final 1m windows that ended before the cutoff: index ix_window_metrics_finality (is_final, window_size, window_end). */
    static final String WINDOWS_1M = "DELETE FROM window_metrics WHERE is_final = TRUE AND window_size = '1m'"
            + " AND window_end <= ? ORDER BY window_end LIMIT ?";

    /** The window sizes other than 1m with final windows, from the finality index alone. */
    static final String OTHER_SIZES = "SELECT DISTINCT window_size FROM window_metrics WHERE is_final = TRUE"
            + " AND window_size <> '1m'";

    static final String OTHER_WINDOWS = "DELETE FROM window_metrics WHERE is_final = TRUE AND window_size = ?"
            + " AND window_end <= ? ORDER BY window_end LIMIT ?";

    /** Index ix_stream_batches_time (window_size, started_at). */
    static final String BATCH_SIZES = "SELECT DISTINCT window_size FROM stream_batches";

    static final String STREAM_BATCHES = "DELETE FROM stream_batches WHERE window_size = ? AND started_at < ?"
            + " ORDER BY started_at LIMIT ?";

    /** Index ix_window_indicators_time (window_start, change_5m). */
    static final String INDICATORS = "DELETE FROM window_indicators WHERE window_start < ? ORDER BY window_start LIMIT ?";

    /** Index ix_alerts_time (detected_at). */
    static final String ALERTS = "DELETE FROM alerts WHERE detected_at < ? ORDER BY detected_at LIMIT ?";

    /** Primary key (period, as_of, direction, rank_no). */
    static final String PERIODS = "SELECT DISTINCT period FROM movers";

    static final String MOVERS = "DELETE FROM movers WHERE period = ? AND as_of < ? ORDER BY as_of LIMIT ?";

    private RetentionRules() {
    }

    static List<RetentionRule> of(RetentionConfig config) {
        return List.of(
                RetentionRule.partitioned("stream_batches", config.streamBatches(), BATCH_SIZES, STREAM_BATCHES),
                RetentionRule.of("window_metrics_1m", config.windows1m(), WINDOWS_1M),
                RetentionRule.partitioned("window_metrics", config.windowsDefault(), OTHER_SIZES, OTHER_WINDOWS),
                RetentionRule.of("window_indicators", config.indicators(), INDICATORS),
                RetentionRule.of("alerts", config.alerts(), ALERTS),
                RetentionRule.partitioned("movers", config.movers(), PERIODS, MOVERS));
    }
}
