package io.coinpulse.ingest.source.coincap;

import com.fasterxml.jackson.databind.JsonNode;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.live.BadFieldException;
import io.coinpulse.ingest.source.live.FrameJson;
import io.coinpulse.ingest.source.live.SymbolClaims;
import io.coinpulse.ingest.source.live.Symbols;
import io.coinpulse.ingest.tick.MalformedJsonException;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import io.coinpulse.ingest.tick.TickValidator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CoinCap v3 frames, every number a decimal string (with float noise such as
 * {@code "69704.779999999998835847"}, read exactly, rounded once):
 *
 * <ul>
 * <li>a REST {@code /assets} page ({@code {"timestamp":…,"data":[…]}}, or one asset as {@code data}): a
 * {@code quote} per asset in USD: price {@code priceUsd}, volume24h {@code volumeUsd24Hr}, marketCap
 * {@code marketCapUsd}, event time the response {@code timestamp} (the receive time without one), id
 * {@code coincap:<coin id>:a<time>};</li>
 * <li>a prices-stream message ({@code {"bitcoin":"69710.12",…}}, only the coins that moved): a {@code quote}
 * per coin in USD at the receive time (the stream carries none), id {@code coincap:<coin id>:p<time>};</li>
 * <li>a message object ({@code {"data":{"message":…}}}) or an error: no ticks.</li>
 * </ul>
 *
 * <p>The stream names coins by CoinCap id ({@code bitcoin}), not by symbol: this parser learns id → symbol
 * from the {@code /assets} pages it parses (the source polls them before it opens the stream, and a
 * recording holds them in the same order), and skips stream entries of ids it has not seen
 * ({@code unknown_symbol}). Several coins share symbols: the first id to use one (by rank) owns it, the others
 * are skipped ({@code symbol_conflict}); symbols that are not {@code ^[A-Z0-9]{1,20}$} once upper-cased are
 * skipped ({@code unknown_symbol}).
 */
public final class CoincapParser implements FrameParser {

    public static final String SOURCE = "coincap";

    private static final String QUOTE = "USD";

    private final Map<String, String> assetById = new ConcurrentHashMap<>();
    private final SymbolClaims claims = new SymbolClaims();

    @Override
    public List<TickResult> parse(String frame, long receivedAt) {
        JsonNode root;
        try {
            root = FrameJson.readObject(frame);
        } catch (MalformedJsonException e) {
            return List.of(new TickResult.Invalid(SOURCE, Reason.MALFORMED_JSON, e.getMessage(), frame));
        }
        if (root.has("data")) {
            return assets(root, frame, receivedAt);
        }
        if (root.has("error") || root.has("message")) {
            return List.of();
        }
        return prices(root, frame, receivedAt);
    }

    private List<TickResult> assets(JsonNode root, String frame, long receivedAt) {
        JsonNode data = root.get("data");
        List<JsonNode> items = new ArrayList<>();
        if (data.isArray()) {
            data.forEach(items::add);
        } else if (data.isObject() && data.has("id")) {
            items.add(data);
        } else {
            return List.of(); // {"data":{"message":"…"}}: a notice, not assets
        }
        long time;
        try {
            time = FrameJson.field(root, "timestamp") == null ? receivedAt : FrameJson.epochMillis(root, "timestamp");
        } catch (BadFieldException e) {
            return List.of(new TickResult.Invalid(SOURCE, e.reason(), "/assets response: " + e.getMessage(), frame));
        }
        List<TickResult> results = new ArrayList<>();
        for (JsonNode item : items) {
            String coin = FrameJson.text(item, "id");
            String symbol = FrameJson.text(item, "symbol");
            Optional<String> asset = Symbols.asset(symbol);
            if (coin == null || coin.isBlank() || asset.isEmpty()) {
                results.add(new TickResult.Skipped(SOURCE, TickResult.Skipped.UNKNOWN_SYMBOL, "coin "
                        + (coin == null ? "without id" : FrameJson.quote(coin)) + ": symbol "
                        + (symbol == null ? "missing" : FrameJson.quote(symbol)) + " is not an asset symbol"));
                continue;
            }
            if (!claims.claim(asset.get(), coin)) {
                results.add(new TickResult.Skipped(SOURCE, TickResult.Skipped.SYMBOL_CONFLICT, "coin " + FrameJson.quote(coin)
                        + ": symbol " + asset.get() + " belongs to " + FrameJson.quote(claims.owner(asset.get()))));
                continue;
            }
            assetById.put(coin, asset.get());
            try {
                double price = FrameJson.toDouble(FrameJson.requiredDecimal(item, "priceUsd", Reason.INVALID_PRICE));
                Double volume = FrameJson.toDoubleOrNull(FrameJson.decimal(item, "volumeUsd24Hr", Reason.INVALID_PRICE));
                Double marketCap = FrameJson.toDoubleOrNull(FrameJson.decimal(item, "marketCapUsd", Reason.INVALID_PRICE));
                results.add(TickValidator.check(Tick.quote(SOURCE, asset.get(), QUOTE, price, volume, marketCap, time,
                        SOURCE + ":" + coin + ":a" + time), frame));
            } catch (BadFieldException e) {
                results.add(new TickResult.Invalid(SOURCE, e.reason(), "asset " + coin + ": " + e.getMessage(), frame));
            }
        }
        return results;
    }

    private List<TickResult> prices(JsonNode root, String frame, long receivedAt) {
        List<TickResult> results = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String coin = field.getKey();
            String asset = assetById.get(coin);
            if (asset == null) {
                results.add(new TickResult.Skipped(SOURCE, TickResult.Skipped.UNKNOWN_SYMBOL,
                        "coin " + FrameJson.quote(coin) + " is not in the /assets listing read so far"));
                continue;
            }
            try {
                double price = FrameJson.toDouble(FrameJson.requiredDecimal(root, coin, Reason.INVALID_PRICE));
                results.add(TickValidator.check(Tick.quote(SOURCE, asset, QUOTE, price, null, null, receivedAt,
                        SOURCE + ":" + coin + ":p" + receivedAt), frame));
            } catch (BadFieldException e) {
                results.add(new TickResult.Invalid(SOURCE, e.reason(), "prices: " + e.getMessage(), frame));
            }
        }
        return results;
    }
}
