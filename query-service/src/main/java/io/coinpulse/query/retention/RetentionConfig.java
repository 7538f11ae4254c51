package io.coinpulse.query.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * How long query-service keeps the rows spark-app writes ({@code COINPULSE_RETENTION_*}). Each is a duration
 * ({@code 7d}, {@code 12h}, {@code P30D}); {@code 0} keeps the table's rows forever.
 */
@ConfigMapping(prefix = "coinpulse.retention")
public interface RetentionConfig {

    /** {@code stream_batches}: one row per micro-batch of each streaming query, by its trigger time. */
    @WithDefault("7d")
    Duration streamBatches();

    /** {@code window_metrics} of size {@code 1m}: final windows, by their end. */
    @WithName("windows-1m")
    @WithDefault("7d")
    Duration windows1m();

    /** {@code window_metrics} of every other size ({@code 5m}, {@code 1h}, …): final windows, by their end. */
    @WithDefault("90d")
    Duration windowsDefault();

    /** {@code window_indicators}: the indicators of each 1m window, by the window's start. */
    @WithDefault("7d")
    Duration indicators();

    /** {@code alerts}: by the time they were detected. */
    @WithDefault("90d")
    Duration alerts();

    /** {@code movers}: each ranking, by the window boundary it was ranked at. */
    @WithDefault("7d")
    Duration movers();

    /** How often the retention runs ({@code 1h}); {@code off} never. */
    @WithDefault("1h")
    String interval();

    /** How long after start the first run waits. */
    @WithDefault("1m")
    Duration initialDelay();

    /**
     * Rows one {@code DELETE} removes at most: each statement is its own short transaction, so the writers of
     * spark-app never wait long for a lock.
     */
    @WithDefault("5000")
    int batchSize();
}
