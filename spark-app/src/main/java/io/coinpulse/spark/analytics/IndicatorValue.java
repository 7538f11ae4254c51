package io.coinpulse.spark.analytics;

/**
 * The value of an indicator ({@code sma_5}, {@code change_1m}, …) at a 1m window; null while it is
 * undefined (too few consecutive windows). Stored per window: every value of a window is one entry
 * of its {@code window_indicators} row.
 */
public record IndicatorValue(SeriesKey key, long windowStart, String indicator, Double value) {
}
