package io.coinpulse.ingest.source.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.live.BadFieldException;
import io.coinpulse.ingest.source.live.FrameJson;
import io.coinpulse.ingest.source.live.Symbols;
import io.coinpulse.ingest.tick.MalformedJsonException;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import io.coinpulse.ingest.tick.TickValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Coinbase Advanced Trade market-data messages ({@code {"channel":…,"timestamp":…,"events":[…]}}):
 *
 * <ul>
 * <li>{@code ticker}: each of {@code events[].tickers[]} is a {@code quote}: price {@code price}, event time
 * the message {@code timestamp}, id {@code coinbase:<PRODUCT>:t<timestamp in ns>}. {@code volume_24_h} is in
 * base units and the canonical volume24h is in the quote currency, so it is left out rather than
 * estimated;</li>
 * <li>{@code market_trades}: each of {@code events[].trades[]} is a {@code trade}: {@code price},
 * {@code size}, event time {@code time}, id {@code coinbase:<PRODUCT>:<trade_id>};</li>
 * <li>{@code heartbeats}, {@code subscriptions}, errors and anything else: no ticks.</li>
 * </ul>
 *
 * Products {@code BTC-USD} map to BTC/USD; a product that does not is skipped ({@code unknown_symbol}).
 * Numbers are decimal strings, read exactly. Stateless.
 */
public final class CoinbaseParser implements FrameParser {

    public static final String SOURCE = "coinbase";

    @Override
    public List<TickResult> parse(String frame, long receivedAt) {
        JsonNode root;
        try {
            root = FrameJson.readObject(frame);
        } catch (MalformedJsonException e) {
            return List.of(new TickResult.Invalid(SOURCE, Reason.MALFORMED_JSON, e.getMessage(), frame));
        }
        String channel = FrameJson.text(root, "channel");
        boolean ticker = "ticker".equals(channel);
        if (!ticker && !"market_trades".equals(channel)) {
            return List.of();
        }
        JsonNode events = FrameJson.field(root, "events");
        if (events == null || !events.isArray()) {
            return List.of(new TickResult.Invalid(SOURCE, Reason.MALFORMED_JSON, channel + " message without events",
                    frame));
        }
        List<TickResult> results = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode items = FrameJson.field(event, ticker ? "tickers" : "trades");
            if (items == null || !items.isArray()) {
                continue;
            }
            for (JsonNode item : items) {
                String product = FrameJson.text(item, "product_id");
                Optional<Symbols.Pair> pair = Symbols.split(product, '-');
                if (pair.isEmpty()) {
                    results.add(new TickResult.Skipped(SOURCE, TickResult.Skipped.UNKNOWN_SYMBOL,
                            "product " + (product == null ? "missing" : FrameJson.quote(product)) + " is not BASE-QUOTE"));
                    continue;
                }
                try {
                    Tick tick = ticker ? ticker(root, item, product, pair.get()) : trade(item, product, pair.get());
                    results.add(TickValidator.check(tick, frame));
                } catch (BadFieldException e) {
                    results.add(new TickResult.Invalid(SOURCE, e.reason(), channel + " " + product + ": " + e.getMessage(),
                            frame));
                }
            }
        }
        return results;
    }

    private static Tick ticker(JsonNode root, JsonNode item, String product, Symbols.Pair pair) throws BadFieldException {
        double price = FrameJson.toDouble(FrameJson.requiredDecimal(item, "price", Reason.INVALID_PRICE));
        Instant time = FrameJson.instant(root, "timestamp");
        return Tick.quote(SOURCE, pair.asset(), pair.quote(), price, null, null, time.toEpochMilli(),
                SOURCE + ":" + product + ":t" + FrameJson.epochNanos(time));
    }

    private static Tick trade(JsonNode item, String product, Symbols.Pair pair) throws BadFieldException {
        double price = FrameJson.toDouble(FrameJson.requiredDecimal(item, "price", Reason.INVALID_PRICE));
        double size = FrameJson.toDouble(FrameJson.requiredDecimal(item, "size", Reason.INVALID_SIZE));
        Instant time = FrameJson.instant(item, "time");
        String tradeId = FrameJson.text(item, "trade_id");
        if (tradeId == null || tradeId.isBlank()) {
            throw new BadFieldException(Reason.MISSING_ID, "trade_id is missing");
        }
        return Tick.trade(SOURCE, pair.asset(), pair.quote(), price, size, time.toEpochMilli(),
                SOURCE + ":" + product + ":" + tradeId);
    }
}
