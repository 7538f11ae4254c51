package io.coinpulse.spark.analytics;

import java.util.Locale;

/**
 * An anomaly of one 1m window (table {@code alerts}, topic {@code crypto.alerts}): its 1m log return
 * ({@code price_move}) or quote volume ({@code volume_spike}) is more than {@code threshold} standard
 * deviations from the mean of its recent history.
 *
 * @param alertId deterministic, {@code <source>:<asset>:<kind>:<window_start>}: a window raises each kind once
 * @param value the 1m log return, or the 1m quote volume
 * @param zscore (value - mean of the history) / its sample standard deviation
 * @param threshold k
 * @param detectedAt epoch ms when the job first saw it
 */
public record Alert(String alertId, String source, String asset, long windowStart, String kind, double value,
        double zscore, double threshold, long detectedAt, String message) {

    public static final String PRICE_MOVE = "price_move";
    public static final String VOLUME_SPIKE = "volume_spike";

    /** An alert with its id and message made from the rest. */
    public static Alert of(SeriesKey key, long windowStart, String kind, double value, double zscore, double threshold,
            int historySize, long detectedAt) {
        String id = key.source() + ":" + key.asset() + ":" + kind + ":" + windowStart;
        String what = kind.equals(PRICE_MOVE)
                ? String.format(Locale.ROOT, "1m move of %+.3f%%", (Math.exp(value) - 1) * 100)
                : String.format(Locale.ROOT, "1m quote volume of %.6g", value);
        String message = String.format(Locale.ROOT, "%s %s (%s) is %.2f standard deviations from its last %d windows' mean",
                key.asset(), what, key.source(), zscore, historySize);
        return new Alert(id, key.source(), key.asset(), windowStart, kind, value, zscore, threshold, detectedAt,
                message.length() > 255 ? message.substring(0, 255) : message);
    }
}
