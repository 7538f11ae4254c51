package io.coinpulse.query.store;

/**
 * The latest window of one (asset, source) for the price listing, with the close of the window
 * about a day before it.
 *
 * @param windowStart start of the latest window, epoch ms
 * @param close its close: the latest price
 * @param updatedAt when spark-app last wrote that window, epoch ms
 * @param closeDayBefore close of the latest window starting 24 h (up to 25 h) before, null if none
 */
public record LatestPrice(String asset, String source, long windowStart, double close, long updatedAt,
        Double closeDayBefore) {
}
