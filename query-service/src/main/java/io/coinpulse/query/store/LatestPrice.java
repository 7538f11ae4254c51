package io.coinpulse.query.store;

/**
 * The latest 1m window of one (asset, source) for the price listing, with the reference closes its
 * changes are computed against and the day's quote volume.
 *
 * @param windowStart start of the latest window, epoch ms
 * @param close its close: the latest price
 * @param updatedAt when spark-app last wrote that window, epoch ms
 * @param closeMinuteBefore close of the window starting 1m before, null if there is none
 * @param closeFiveMinutesBefore close of the window starting 5m before, null if there is none
 * @param closeDayBefore close of the latest window starting 24 h (up to 25 h) before, null if none
 * @param volumeQuoteDay sum of the quote volume of the windows starting in the 24 h up to the latest
 */
public record LatestPrice(String asset, String source, long windowStart, double close, long updatedAt,
        Double closeMinuteBefore, Double closeFiveMinutesBefore, Double closeDayBefore, double volumeQuoteDay) {
}
