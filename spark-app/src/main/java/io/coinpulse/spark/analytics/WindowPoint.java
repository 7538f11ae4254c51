package io.coinpulse.spark.analytics;

/** What the derived analytics read of one 1m window: its start (epoch ms), close and quote volume. */
public record WindowPoint(long windowStart, double close, double volumeQuote) {
}
