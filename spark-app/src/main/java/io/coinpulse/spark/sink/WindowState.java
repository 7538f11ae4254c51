package io.coinpulse.spark.sink;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * One window's metrics as a mergeable state (Spark-free): the stored window of the one-pass stream,
 * or the partial window of one micro-batch's ticks. {@link #merge} combines two states of the same
 * window into the state of all their ticks together, so a window's metrics come out the same
 * however its ticks are split into micro-batches.
 *
 * @param openOrder the {@code ArrivalOrder} key of the open tick (smallest), {@code closeOrder} that of the close tick (largest)
 * @param priceMean mean price; {@code priceM2} the sum of squared deviations from it
 */
public record WindowState(String source, String asset, String windowSize, long windowStart, long windowEnd,
        long tickCount, long tradeCount, double volumeBase, double volumeQuote, double high, double low,
        BigDecimal openOrder, double open, BigDecimal closeOrder, double close, double priceMean, double priceM2)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The row key of the window in {@code window_metrics}. */
    public String key() {
        return source + '\u0000' + asset + '\u0000' + windowSize + '\u0000' + windowStart;
    }

    /**
     * The state of both windows' ticks: counts and volumes add, high and low are the extremes, open
     * and close come from the smaller and the larger order key, and mean and M2 combine by Chan et
     * al.'s parallel formula. Prices all equal give M2 exactly 0 and that price as the mean, as a
     * single pass over them would, whatever the rounding of the partial means.
     */
    public WindowState merge(WindowState other) {
        long n = tickCount + other.tickCount;
        double delta = other.priceMean - priceMean;
        double share = (double) other.tickCount / n;
        double mean = priceMean + delta * share;
        double m2 = priceM2 + other.priceM2 + delta * delta * tickCount * share;
        double hi = Math.max(high, other.high);
        double lo = Math.min(low, other.low);
        if (hi == lo) {
            mean = hi;
            m2 = 0;
        }
        boolean thisOpens = openOrder.compareTo(other.openOrder) <= 0;
        boolean thisCloses = closeOrder.compareTo(other.closeOrder) >= 0;
        return new WindowState(source, asset, windowSize, windowStart, windowEnd, n, tradeCount + other.tradeCount,
                volumeBase + other.volumeBase, volumeQuote + other.volumeQuote, hi, lo,
                thisOpens ? openOrder : other.openOrder, thisOpens ? open : other.open,
                thisCloses ? closeOrder : other.closeOrder, thisCloses ? close : other.close, mean, m2);
    }

    /** Population standard deviation of the prices. */
    public double priceStddev() {
        return Math.sqrt(Math.max(0, priceM2) / tickCount);
    }

    /** Volume-weighted average price, null without trades. */
    public Double vwap() {
        return tradeCount > 0 ? volumeQuote / volumeBase : null;
    }

    /** Change from open to close in percent. */
    public double pctChange() {
        return (close - open) / open * 100;
    }

    /** The value of a column of {@code window_metrics} (the metric names of SPEC §4). */
    public Object column(String name) {
        return switch (name) {
            case "source" -> source;
            case "asset" -> asset;
            case "window_size" -> windowSize;
            case "window_start" -> windowStart;
            case "window_end" -> windowEnd;
            case "open" -> open;
            case "high" -> high;
            case "low" -> low;
            case "close" -> close;
            case "avg_price" -> priceMean;
            case "tick_count" -> tickCount;
            case "trade_count" -> tradeCount;
            case "volume_base" -> volumeBase;
            case "volume_quote" -> volumeQuote;
            case "vwap" -> vwap();
            case "price_stddev" -> priceStddev();
            case "pct_change" -> pctChange();
            default -> throw new IllegalArgumentException("no window column " + name);
        };
    }

    /** False when a metric is not a finite number: MySQL rejects NaN and infinity. */
    public boolean storable() {
        Double v = vwap();
        return Double.isFinite(open) && Double.isFinite(high) && Double.isFinite(low) && Double.isFinite(close)
                && Double.isFinite(priceMean) && Double.isFinite(priceM2) && Double.isFinite(volumeBase)
                && Double.isFinite(volumeQuote) && Double.isFinite(pctChange()) && (v == null || Double.isFinite(v));
    }
}
