package io.coinpulse.ingest.source.kraken;

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
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kraken WebSocket v2 messages ({@code {"channel":…,"type":"snapshot"|"update","data":[…]}}), numbers as JSON
 * floats read exactly:
 *
 * <ul>
 * <li>{@code ticker}: a {@code quote} per entry: price {@code last}, volume24h {@code volume × vwap} (base
 * volume times its 24 h VWAP: the quote-currency volume, computed exactly and rounded once), event time
 * {@code timestamp} (when Kraken sends it, else the receive time), id
 * {@code kraken:<SYMBOL>:t<time in ns>};</li>
 * <li>{@code trade}: a {@code trade} per entry: {@code price}, {@code qty}, {@code timestamp}, id
 * {@code kraken:<SYMBOL>:<trade_id>};</li>
 * <li>{@code heartbeat}, {@code status}, method replies and anything else: no ticks.</li>
 * </ul>
 *
 * Symbols {@code BTC/USD} map to BTC/USD (Kraken's legacy {@code XBT} to BTC); others are skipped
 * ({@code unknown_symbol}). Stateless.
 */
public final class KrakenParser implements FrameParser {

    public static final String SOURCE = "kraken";

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
        if (!ticker && !"trade".equals(channel)) {
            return List.of();
        }
        JsonNode data = FrameJson.field(root, "data");
        if (data == null || !data.isArray()) {
            return List.of(new TickResult.Invalid(SOURCE, Reason.MALFORMED_JSON, channel + " message without data",
                    frame));
        }
        List<TickResult> results = new ArrayList<>();
        for (JsonNode item : data) {
            String symbol = FrameJson.text(item, "symbol");
            Optional<Symbols.Pair> pair = Symbols.split(symbol, '/');
            if (pair.isEmpty()) {
                results.add(new TickResult.Skipped(SOURCE, TickResult.Skipped.UNKNOWN_SYMBOL,
                        "symbol " + (symbol == null ? "missing" : FrameJson.quote(symbol)) + " is not BASE/QUOTE"));
                continue;
            }
            try {
                Tick tick = ticker ? ticker(item, symbol, pair.get(), receivedAt) : trade(item, symbol, pair.get());
                results.add(TickValidator.check(tick, frame));
            } catch (BadFieldException e) {
                results.add(new TickResult.Invalid(SOURCE, e.reason(), channel + " " + symbol + ": " + e.getMessage(),
                        frame));
            }
        }
        return results;
    }

    private static Tick ticker(JsonNode item, String symbol, Symbols.Pair pair, long receivedAt)
            throws BadFieldException {
        double price = FrameJson.toDouble(FrameJson.requiredDecimal(item, "last", Reason.INVALID_PRICE));
        BigDecimal volume = FrameJson.decimal(item, "volume", Reason.INVALID_PRICE);
        BigDecimal vwap = FrameJson.decimal(item, "vwap", Reason.INVALID_PRICE);
        Double volume24h = volume == null || vwap == null ? null
                : FrameJson.toDouble(volume.multiply(vwap, MathContext.DECIMAL128));
        if (FrameJson.field(item, "timestamp") == null) {
            return Tick.quote(SOURCE, pair.asset(), pair.quote(), price, volume24h, null, receivedAt,
                    SOURCE + ":" + symbol + ":r" + receivedAt);
        }
        Instant time = FrameJson.instant(item, "timestamp");
        return Tick.quote(SOURCE, pair.asset(), pair.quote(), price, volume24h, null, time.toEpochMilli(),
                SOURCE + ":" + symbol + ":t" + FrameJson.epochNanos(time));
    }

    private static Tick trade(JsonNode item, String symbol, Symbols.Pair pair) throws BadFieldException {
        double price = FrameJson.toDouble(FrameJson.requiredDecimal(item, "price", Reason.INVALID_PRICE));
        double size = FrameJson.toDouble(FrameJson.requiredDecimal(item, "qty", Reason.INVALID_SIZE));
        Instant time = FrameJson.instant(item, "timestamp");
        String tradeId = FrameJson.text(item, "trade_id");
        if (tradeId == null || tradeId.isBlank()) {
            throw new BadFieldException(Reason.MISSING_ID, "trade_id is missing");
        }
        return Tick.trade(SOURCE, pair.asset(), pair.quote(), price, size, time.toEpochMilli(),
                SOURCE + ":" + symbol + ":" + tradeId);
    }
}
