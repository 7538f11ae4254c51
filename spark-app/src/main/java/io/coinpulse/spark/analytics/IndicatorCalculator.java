package io.coinpulse.spark.analytics;

import io.coinpulse.spark.config.AnalyticsSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The derived analytics of SPEC §4 for one series of consecutive 1m windows, as pure arithmetic.
 * With {@code c(t)} the close of the window starting at {@code t} and {@code m} one minute:
 *
 * <ul>
 * <li>{@code sma_<n>(t)}: mean of {@code c(t-(n-1)m) … c(t)}; null unless all n windows exist.
 * <li>{@code ema_<n>(t)}: {@code a*c(t) + (1-a)*ema_<n>(t-m)} with {@code a = 2/(n+1)}; where
 *     {@code ema_<n>(t-m)} is undefined (no window at {@code t-m}, or not yet seeded) it is seeded
 *     with {@code sma_<n>(t)}: the textbook EMA, restarted after a gap.
 * <li>{@code change_1m(t)}, {@code change_5m(t)}: {@code (c(t) - c(t-km)) / c(t-km) * 100}; null
 *     without the window {@code k} minutes before.
 * <li>{@code volatility_<n>(t)}: sample standard deviation of the n 1m log returns
 *     {@code r(s) = ln(c(s)/c(s-m))} for {@code s = t-(n-1)m … t}; null unless all n+1 windows exist.
 * <li>alerts at {@code t}: {@code price_move} when {@code |r(t) - mean| > k * sd} of the defined
 *     returns among the {@code H} windows before {@code t}; {@code volume_spike} when the quote
 *     volume {@code v(t) - mean > k * sd} of the volumes of the existing windows among the
 *     {@code H} before; neither from fewer than {@code min-history} values or a zero deviation.
 * </ul>
 */
public final class IndicatorCalculator {

    static final long MINUTE = 60_000;

    private final AnalyticsSettings settings;

    public IndicatorCalculator(AnalyticsSettings settings) {
        this.settings = settings;
    }

    /** What one computation yields: the indicator values and the alerts of the windows recomputed. */
    public record Result(List<IndicatorValue> indicators, List<Alert> alerts) {
    }

    /** The indicator names this configuration computes, in a stable order. */
    public List<String> indicatorNames() {
        List<String> names = new ArrayList<>();
        settings.smaPeriods().forEach(n -> names.add("sma_" + n));
        settings.emaPeriods().forEach(n -> names.add("ema_" + n));
        AnalyticsSettings.CHANGE_MINUTES.forEach(k -> names.add("change_" + k + "m"));
        settings.volatilitySpans().forEach(n -> names.add("volatility_" + n));
        return names;
    }

    /** Names of the EMA indicators, {@code ema_<n>}. */
    public List<String> emaNames() {
        return settings.emaPeriods().stream().map(n -> "ema_" + n).toList();
    }

    /**
     * Recomputes the windows of {@code series} that start at or after {@code from}.
     *
     * @param series the series' windows by start, from far enough back ({@link AnalyticsSettings#lookbackWindows()})
     * @param emaBefore the stored {@code ema_<n>} values at {@code from - 1m} by period (a null value:
     *     stored as undefined); a period missing here is recomputed from the start of {@code series}
     * @param detectedAt the time alerts are stamped with
     */
    public Result compute(SeriesKey key, NavigableMap<Long, WindowPoint> series, long from, Map<Integer, Double> emaBefore,
            long detectedAt) {
        List<IndicatorValue> rows = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        Map<Integer, Map<Long, Double>> ema = new HashMap<>();
        for (int n : settings.emaPeriods()) {
            ema.put(n, new HashMap<>());
        }
        for (WindowPoint p : series.values()) {
            long t = p.windowStart();
            for (int n : settings.emaPeriods()) {
                Double value;
                if (t == from - MINUTE && emaBefore.containsKey(n)) {
                    value = emaBefore.get(n);
                } else {
                    Double previous = series.containsKey(t - MINUTE) ? ema.get(n).get(t - MINUTE) : null;
                    double a = 2.0 / (n + 1);
                    value = previous == null ? sma(series, t, n) : Double.valueOf(a * p.close() + (1 - a) * previous);
                }
                ema.get(n).put(t, value);
            }
            if (t < from) {
                continue;
            }
            for (int n : settings.smaPeriods()) {
                rows.add(new IndicatorValue(key, t, "sma_" + n, sma(series, t, n)));
            }
            for (int n : settings.emaPeriods()) {
                rows.add(new IndicatorValue(key, t, "ema_" + n, ema.get(n).get(t)));
            }
            for (int k : AnalyticsSettings.CHANGE_MINUTES) {
                WindowPoint before = series.get(t - k * MINUTE);
                rows.add(new IndicatorValue(key, t, "change_" + k + "m",
                        before == null ? null : Double.valueOf((p.close() - before.close()) / before.close() * 100)));
            }
            for (int n : settings.volatilitySpans()) {
                rows.add(new IndicatorValue(key, t, "volatility_" + n, volatility(series, t, n)));
            }
            alerts(key, series, t, detectedAt, alerts);
        }
        return new Result(rows, alerts);
    }

    private void alerts(SeriesKey key, NavigableMap<Long, WindowPoint> series, long t, long detectedAt, List<Alert> out) {
        int h = settings.alertHistory();
        double k = settings.alertK();
        Double r = logReturn(series, t);
        if (r != null) {
            List<Double> history = new ArrayList<>();
            for (int j = 1; j <= h; j++) {
                Double past = logReturn(series, t - j * MINUTE);
                if (past != null) {
                    history.add(past);
                }
            }
            Double z = zscore(r, history);
            if (z != null && Math.abs(z) > k) {
                out.add(Alert.of(key, t, Alert.PRICE_MOVE, r, z, k, history.size(), detectedAt));
            }
        }
        double v = series.get(t).volumeQuote();
        List<Double> volumes = new ArrayList<>();
        for (int j = 1; j <= h; j++) {
            WindowPoint past = series.get(t - j * MINUTE);
            if (past != null) {
                volumes.add(past.volumeQuote());
            }
        }
        Double z = zscore(v, volumes);
        if (z != null && z > k) {
            out.add(Alert.of(key, t, Alert.VOLUME_SPIKE, v, z, k, volumes.size(), detectedAt));
        }
    }

    private Double zscore(double value, List<Double> history) {
        if (history.size() < settings.alertMinHistory()) {
            return null;
        }
        double mean = mean(history);
        double sd = sampleStddev(history, mean);
        if (!(sd > 0)) {
            return null;
        }
        return (value - mean) / sd;
    }

    private static Double sma(NavigableMap<Long, WindowPoint> series, long t, int n) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            WindowPoint p = series.get(t - j * MINUTE);
            if (p == null) {
                return null;
            }
            sum += p.close();
        }
        return sum / n;
    }

    private static Double volatility(NavigableMap<Long, WindowPoint> series, long t, int n) {
        List<Double> returns = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            Double r = logReturn(series, t - j * MINUTE);
            if (r == null) {
                return null;
            }
            returns.add(r);
        }
        return sampleStddev(returns, mean(returns));
    }

    private static Double logReturn(NavigableMap<Long, WindowPoint> series, long t) {
        WindowPoint p = series.get(t);
        WindowPoint before = series.get(t - MINUTE);
        return p == null || before == null ? null : Math.log(p.close() / before.close());
    }

    private static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    private static double sampleStddev(List<Double> values, double mean) {
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.size() - 1));
    }
}
