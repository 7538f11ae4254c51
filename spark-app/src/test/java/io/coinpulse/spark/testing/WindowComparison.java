package io.coinpulse.spark.testing;

import io.coinpulse.spark.testing.SampleDataset.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares actual window rows (column name → value, as in table {@code window_metrics}) with the
 * expected windows: every metric within a relative error of 1e-9, no window missing, none extra.
 */
public final class WindowComparison {

    public static final double RELATIVE = 1e-9;

    private WindowComparison() {
    }

    /** Every difference, one line each; empty when they match. */
    public static List<String> differences(Map<String, Window> expected, List<Map<String, Object>> actual) {
        List<String> out = new ArrayList<>();
        Map<String, Map<String, Object>> byKey = new TreeMap<>();
        for (Map<String, Object> row : actual) {
            String key = row.get("source") + "/" + row.get("asset") + "/" + number(row.get("window_start")).longValue();
            if (byKey.put(key, row) != null) {
                out.add(key + ": more than one row");
            }
        }
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(byKey.keySet());
        TreeSet<String> extra = new TreeSet<>(byKey.keySet());
        extra.removeAll(expected.keySet());
        missing.forEach(k -> out.add(k + ": missing"));
        extra.forEach(k -> out.add(k + ": not expected"));
        for (Window e : expected.values()) {
            Map<String, Object> a = byKey.get(e.key());
            if (a == null) {
                continue;
            }
            exact(out, e, "window_end", a, e.windowStart() + SampleDataset.MINUTE);
            exact(out, e, "tick_count", a, e.tickCount());
            exact(out, e, "trade_count", a, e.tradeCount());
            near(out, e, "open", a, e.open());
            near(out, e, "high", a, e.high());
            near(out, e, "low", a, e.low());
            near(out, e, "close", a, e.close());
            near(out, e, "avg_price", a, e.avgPrice());
            near(out, e, "volume_base", a, e.volumeBase());
            near(out, e, "volume_quote", a, e.volumeQuote());
            near(out, e, "pct_change", a, e.pctChange());
            near(out, e, "price_stddev", a, e.priceStddev());
            if (e.vwap() == null) {
                if (a.get("vwap") != null) {
                    out.add(e.key() + " vwap: " + a.get("vwap") + ", expected null");
                }
            } else {
                near(out, e, "vwap", a, e.vwap());
            }
        }
        return out;
    }

    /** True when {@code actual} is within the relative tolerance of {@code expected}. */
    public static boolean close(double actual, double expected) {
        double diff = Math.abs(actual - expected);
        return diff <= RELATIVE * Math.abs(expected) || diff < 1e-15;
    }

    private static void near(List<String> out, Window e, String column, Map<String, Object> a, double expected) {
        Object value = a.get(column);
        if (value == null || !close(number(value).doubleValue(), expected)) {
            out.add(e.key() + " " + column + ": " + value + ", expected " + expected);
        }
    }

    private static void exact(List<String> out, Window e, String column, Map<String, Object> a, long expected) {
        Object value = a.get(column);
        if (value == null || number(value).longValue() != expected) {
            out.add(e.key() + " " + column + ": " + value + ", expected " + expected);
        }
    }

    private static Number number(Object o) {
        return (Number) o;
    }
}
