package io.coinpulse.spark.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The derived analytics computed the plain way, independently of the job's code, for tests: a
 * series is an array of closes (and quote volumes) per minute, null where the minute has no window.
 * Definitions: SPEC §4 as spark-app/README.md states them.
 */
public final class ReferenceIndicators {

    private ReferenceIndicators() {
    }

    /** Indicator name → value at minute {@code i} (null: undefined), for every minute with a window. */
    public static List<Map<String, Double>> compute(Double[] close, int[] sma, int[] ema, int[] vol) {
        List<Map<String, Double>> out = new ArrayList<>();
        Map<Integer, Double[]> emaSeries = new LinkedHashMap<>();
        for (int n : ema) {
            Double[] e = new Double[close.length];
            for (int i = 0; i < close.length; i++) {
                if (close[i] == null) {
                    continue;
                }
                Double previous = i > 0 ? e[i - 1] : null;
                e[i] = previous == null ? mean(close, i, n) : Double.valueOf(2.0 / (n + 1) * close[i] + (1 - 2.0 / (n + 1)) * previous);
            }
            emaSeries.put(n, e);
        }
        for (int i = 0; i < close.length; i++) {
            Map<String, Double> m = new LinkedHashMap<>();
            out.add(m);
            if (close[i] == null) {
                continue;
            }
            for (int n : sma) {
                m.put("sma_" + n, mean(close, i, n));
            }
            for (int n : ema) {
                m.put("ema_" + n, emaSeries.get(n)[i]);
            }
            m.put("change_1m", i >= 1 && close[i - 1] != null ? Double.valueOf(100 * (close[i] / close[i - 1] - 1)) : null);
            m.put("change_5m", i >= 5 && close[i - 5] != null ? Double.valueOf(100 * (close[i] / close[i - 5] - 1)) : null);
            for (int n : vol) {
                List<Double> r = new ArrayList<>();
                for (int j = i - n + 1; j <= i; j++) {
                    if (j >= 1 && close[j] != null && close[j - 1] != null) {
                        r.add(Math.log(close[j] / close[j - 1]));
                    }
                }
                m.put("volatility_" + n, r.size() == n ? Double.valueOf(sampleSd(r)) : null);
            }
        }
        return out;
    }

    /** Mean of {@code x[i-n+1..i]}, null when one is missing. */
    static Double mean(Double[] x, int i, int n) {
        if (i - n + 1 < 0) {
            return null;
        }
        double s = 0;
        for (int j = i - n + 1; j <= i; j++) {
            if (x[j] == null) {
                return null;
            }
            s += x[j];
        }
        return s / n;
    }

    public static double sampleSd(List<Double> values) {
        double m = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return Math.sqrt(values.stream().mapToDouble(v -> (v - m) * (v - m)).sum() / (values.size() - 1));
    }

    /** Relative 1e-9, or both null. */
    public static boolean same(Double a, Double b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-15;
    }
}
