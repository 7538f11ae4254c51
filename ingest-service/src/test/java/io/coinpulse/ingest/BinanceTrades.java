package io.coinpulse.ingest;

import io.coinpulse.ingest.fake.FakeWebSockets;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance trade frames built on the real {@code binance_trade.json} fixture, one trade id each, sent through the
 * fake stream: what a live exchange streams while a test stops the broker.
 */
final class BinanceTrades {

    /** Symbols the fake exchange's trade streams carry, and the assets they map to. */
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");

    private BinanceTrades() {
    }

    /** A combined-stream frame of the fixture's trade with another symbol and trade id. */
    static String frame(String symbol, long tradeId) {
        String trade = Fixtures.frame("binance_trade.json").strip()
                .replace("\"s\":\"BTCUSDT\"", "\"s\":\"" + symbol + "\"")
                .replace("\"t\":5225367649", "\"t\":" + tradeId);
        return "{\"stream\":\"" + symbol.toLowerCase() + "@trade\",\"data\":" + trade + "}";
    }

    /** The tick id ingest gives that trade. */
    static String id(String symbol, long tradeId) {
        return "binance:" + symbol + ":" + tradeId;
    }

    /**
     * Sends {@code count} trades, alternating symbols, trade ids from {@code firstId} up; returns their tick ids in
     * send order.
     */
    static List<String> send(FakeWebSockets.Stream binance, long firstId, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String symbol = SYMBOLS.get(i % SYMBOLS.size());
            long tradeId = firstId + i;
            binance.send(symbol.toLowerCase() + "@trade", frame(symbol, tradeId));
            ids.add(id(symbol, tradeId));
        }
        return ids;
    }
}
