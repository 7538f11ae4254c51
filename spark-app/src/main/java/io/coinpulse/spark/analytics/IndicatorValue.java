package io.coinpulse.spark.analytics;

/**
 * One row of table {@code asset_indicators}: the value of an indicator ({@code sma_5},
 * {@code change_1m}, …) at a 1m window; null while it is undefined (too few consecutive windows).
 */
public record IndicatorValue(SeriesKey key, long windowStart, String indicator, Double value) {
}
