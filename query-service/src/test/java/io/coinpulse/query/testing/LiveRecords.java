package io.coinpulse.query.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Values of {@code crypto.metrics} and {@code crypto.alerts} written field by field as
 * docs/CONTRACTS.md shows them (not through the service's own classes), to publish in tests.
 */
public final class LiveRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveRecords() {
    }

    /** A 1m window update from binance with made-up but consistent metrics. */
    public static ObjectNode window(String asset, long windowStart, double open, double close, boolean isFinal) {
        return window("binance", asset, "1m", windowStart, open, close, isFinal);
    }

    public static ObjectNode window(String source, String asset, String size, long windowStart, double open,
            double close, boolean isFinal) {
        long length = "5m".equals(size) ? 300_000L : 60_000L;
        double high = Math.max(open, close) * 1.001;
        double low = Math.min(open, close) * 0.999;
        ObjectNode w = JSON.createObjectNode();
        w.put("source", source);
        w.put("asset", asset);
        w.put("size", size);
        w.put("windowStart", windowStart);
        w.put("windowEnd", windowStart + length);
        w.put("open", open);
        w.put("high", high);
        w.put("low", low);
        w.put("close", close);
        w.put("avgPrice", (open + close) / 2);
        w.put("vwap", (open + close) / 2);
        w.put("volumeBase", 2.5);
        w.put("volumeQuote", 2.5 * (open + close) / 2);
        w.put("tickCount", 12);
        w.put("tradeCount", 10);
        w.put("priceStddev", Math.abs(close - open) / 4);
        w.put("pctChange", (close - open) / open * 100);
        w.put("final", isFinal);
        return w;
    }

    public static ObjectNode alert(String asset, long windowStart, String kind, double zscore, long detectedAt) {
        ObjectNode a = JSON.createObjectNode();
        a.put("alertId", "binance:" + asset + ":" + kind + ":" + windowStart);
        a.put("source", "binance");
        a.put("asset", asset);
        a.put("windowStart", windowStart);
        a.put("kind", kind);
        a.put("value", 0.0125);
        a.put("zscore", zscore);
        a.put("threshold", 3.0);
        a.put("detectedAt", detectedAt);
        a.put("message", asset + " moved +1.26% in 1m (" + zscore + " sigma)");
        return a;
    }
}
