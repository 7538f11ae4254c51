package io.coinpulse.ingest.source.binance;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binance market-stream frames, combined ({@code {"stream":…,"data":…}}) or raw:
 *
 * <ul>
 * <li>{@code trade}: a {@code trade} tick: price {@code p}, size {@code q}, event time {@code T} (the trade
 * time), id {@code binance:<SYMBOL>:<t>} (trade ids are per symbol);</li>
 * <li>{@code 24hrMiniTicker} (one, or the array of {@code !miniTicker@arr}) and {@code 24hrTicker}: a
 * {@code quote}: price {@code c} (last), volume24h {@code q} (24 h quote-asset volume), event time
 * {@code E}, id {@code binance:<SYMBOL>:m<E>};</li>
 * <li>anything else (subscription replies, {@code serverShutdown}, other events): no ticks.</li>
 * </ul>
 *
 * Symbols are split at the longest configured quote asset ({@code BTCUSDT} → BTC/USDT); a symbol ending in
 * none is skipped ({@code unknown_symbol}). Numbers are Binance's decimal strings, read exactly. Stateless.
 */
public final class BinanceParser implements FrameParser {

    public static final String SOURCE = "binance";

    private final List<String> quotes;

    /** @param quoteAssets the quote assets a symbol may end in */
    public BinanceParser(List<String> quoteAssets) {
        this.quotes = Symbols.longestFirst(quoteAssets);
        if (quotes.isEmpty()) {
            throw new IllegalStateException("coinpulse.ingest.binance.quote-assets names no quote asset");
        }
    }

    @Override
    public List<TickResult> parse(String frame, long receivedAt) {
        JsonNode root;
        try {
            root = FrameJson.read(frame);
        } catch (MalformedJsonException e) {
            return List.of(new TickResult.Invalid(SOURCE, Reason.MALFORMED_JSON, e.getMessage(), frame));
        }
        JsonNode data = root.isObject() && root.has("stream") && root.has("data") ? root.get("data") : root;
        List<TickResult> results = new ArrayList<>();
        if (data.isArray()) {
            for (int i = 0; i < data.size(); i++) {
                JsonNode event = data.get(i);
                if (!event.isObject()) {
                    results.add(new TickResult.Invalid(SOURCE, Reason.MALFORMED_JSON,
                            "element " + i + " of the event array is not an object", frame));
                } else {
                    event(event, frame, "element " + i + " ", results);
                }
            }
        } else if (data.isObject()) {
            event(data, frame, "", results);
        } else {
            results.add(new TickResult.Invalid(SOURCE, Reason.MALFORMED_JSON, "neither an event object nor an array",
                    frame));
        }
        return results;
    }

    private void event(JsonNode event, String frame, String where, List<TickResult> results) {
        String type = FrameJson.text(event, "e");
        if (type == null) {
            return; // subscription replies {"result":null,"id":1} and the like
        }
        boolean trade = type.equals("trade");
        if (!trade && !type.equals("24hrMiniTicker") && !type.equals("24hrTicker")) {
            return;
        }
        String symbol = FrameJson.text(event, "s");
        Optional<Symbols.Pair> pair = Symbols.splitByQuote(symbol, quotes);
        if (pair.isEmpty()) {
            results.add(new TickResult.Skipped(SOURCE, TickResult.Skipped.UNKNOWN_SYMBOL,
                    where + "symbol " + (symbol == null ? "missing" : FrameJson.quote(symbol))
                            + " does not end in a configured quote asset (coinpulse.ingest.binance.quote-assets)"));
            return;
        }
        try {
            Tick tick = trade ? trade(event, symbol, pair.get()) : quote(event, symbol, pair.get());
            results.add(TickValidator.check(tick, frame));
        } catch (BadFieldException e) {
            results.add(new TickResult.Invalid(SOURCE, e.reason(), where + symbol + ": " + e.getMessage(), frame));
        }
    }

    private static Tick trade(JsonNode event, String symbol, Symbols.Pair pair) throws BadFieldException {
        double price = FrameJson.toDouble(FrameJson.requiredDecimal(event, "p", Reason.INVALID_PRICE));
        double size = FrameJson.toDouble(FrameJson.requiredDecimal(event, "q", Reason.INVALID_SIZE));
        long time = FrameJson.epochMillis(event, "T");
        String tradeId = FrameJson.text(event, "t");
        if (tradeId == null || tradeId.isBlank()) {
            throw new BadFieldException(Reason.MISSING_ID, "trade id t is missing");
        }
        return Tick.trade(SOURCE, pair.asset(), pair.quote(), price, size, time, SOURCE + ":" + symbol + ":" + tradeId);
    }

    private static Tick quote(JsonNode event, String symbol, Symbols.Pair pair) throws BadFieldException {
        double price = FrameJson.toDouble(FrameJson.requiredDecimal(event, "c", Reason.INVALID_PRICE));
        Double volume = FrameJson.toDoubleOrNull(FrameJson.decimal(event, "q", Reason.INVALID_PRICE));
        long time = FrameJson.epochMillis(event, "E");
        return Tick.quote(SOURCE, pair.asset(), pair.quote(), price, volume, null, time,
                SOURCE + ":" + symbol + ":m" + time);
    }
}
