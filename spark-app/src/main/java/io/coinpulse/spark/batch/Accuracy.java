package io.coinpulse.spark.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Window by window, metric by metric: the stream's rows against the batch's recomputation. Counts
 * are exact; doubles agree within a relative {@value #RELATIVE} (sums of doubles differ in the last
 * bits with summation order).
 */
public final class Accuracy {

    public static final double RELATIVE = 1e-9;

    /** Every metric compared, as named in {@code window_metrics}. */
    public static final List<String> METRICS = List.of("window_end", "open", "high", "low", "close", "avg_price",
            "tick_count", "trade_count", "volume_base", "volume_quote", "vwap", "price_stddev", "pct_change");

    private static final List<String> EXACT = List.of("window_end", "tick_count", "trade_count");

    /** What a comparison found. */
    public record Result(long streamWindows, long batchWindows, long matching, long onlyStream, long onlyBatch,
            long metricDifferences, List<Difference> differences) {

        public boolean agree() {
            return onlyStream == 0 && onlyBatch == 0 && metricDifferences == 0;
        }
    }

    private Accuracy() {
    }

    /** Compares rows given as column → value (source, asset, window_size, window_start and {@link #METRICS}). */
    public static Result compare(List<Map<String, Object>> stream, List<Map<String, Object>> batch) {
        Map<String, Map<String, Object>> s = byKey(stream);
        Map<String, Map<String, Object>> b = byKey(batch);
        List<Difference> out = new ArrayList<>();
        long matching = 0;
        long onlyStream = 0;
        long onlyBatch = 0;
        long metricDifferences = 0;
        for (Map.Entry<String, Map<String, Object>> e : s.entrySet()) {
            Map<String, Object> sr = e.getValue();
            Map<String, Object> br = b.get(e.getKey());
            if (br == null) {
                onlyStream++;
                out.add(difference(sr, "window", "present", null));
                continue;
            }
            boolean same = true;
            for (String m : METRICS) {
                Object sv = sr.get(m);
                Object bv = br.get(m);
                if (!equal(m, sv, bv)) {
                    same = false;
                    metricDifferences++;
                    out.add(difference(sr, m, text(sv), text(bv)));
                }
            }
            if (same) {
                matching++;
            }
        }
        for (Map.Entry<String, Map<String, Object>> e : b.entrySet()) {
            if (!s.containsKey(e.getKey())) {
                onlyBatch++;
                out.add(difference(e.getValue(), "window", null, "present"));
            }
        }
        return new Result(s.size(), b.size(), matching, onlyStream, onlyBatch, metricDifferences, out);
    }

    /** True when two values of a metric agree: both null, equal counts, or doubles within the tolerance. */
    public static boolean equal(String metric, Object a, Object b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        if (EXACT.contains(metric)) {
            return ((Number) a).longValue() == ((Number) b).longValue();
        }
        double diff = Math.abs(x - y);
        return diff <= RELATIVE * Math.max(Math.abs(x), Math.abs(y)) || diff < 1e-15;
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Map<String, Object> r : rows) {
            out.put(r.get("source") + "/" + r.get("asset") + "/" + r.get("window_size") + "/"
                    + String.format("%020d", ((Number) r.get("window_start")).longValue()), r);
        }
        return out;
    }

    private static Difference difference(Map<String, Object> r, String metric, String stream, String batch) {
        return new Difference((String) r.get("source"), (String) r.get("asset"), (String) r.get("window_size"),
                ((Number) r.get("window_start")).longValue(), metric, stream, batch);
    }

    private static String text(Object v) {
        return v == null ? null : String.valueOf(v);
    }
}
