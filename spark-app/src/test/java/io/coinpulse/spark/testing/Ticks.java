package io.coinpulse.spark.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Canonical tick JSON (SPEC §3) for tests. */
public final class Ticks {

    /** 2026-03-01T00:00:00Z, a multiple of every window size. */
    public static final long T0 = 1_772_323_200_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Ticks() {
    }

    public static String trade(String asset, double price, double size, long eventTime, String id) {
        return node("binance", "trade", asset, price, eventTime, id).put("size", size).toString();
    }

    public static String quote(String asset, double price, long eventTime, String id) {
        return node("binance", "quote", asset, price, eventTime, id).put("volume24h", 1.0e9).toString();
    }

    public static ObjectNode node(String source, String kind, String asset, double price, long eventTime, String id) {
        ObjectNode n = JSON.createObjectNode();
        n.put("source", source).put("kind", kind).put("asset", asset).put("quote", "USDT").put("price", price)
                .put("eventTime", eventTime).put("id", id);
        return n;
    }
}
