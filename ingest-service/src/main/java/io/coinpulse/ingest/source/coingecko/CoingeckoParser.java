package io.coinpulse.ingest.source.coingecko;

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
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A CoinGecko {@code /coins/markets} page (a JSON array, numbers as JSON numbers, read exactly): a
 * {@code quote} per coin in the configured {@code vs_currency} (which the response does not repeat: a replay
 * needs the same setting): price {@code current_price}, volume24h {@code total_volume}, marketCap
 * {@code market_cap}, event time {@code last_updated}, id {@code coingecko:<coin id>:<time>} (an unchanged coin
 * polled again repeats its id and counts once downstream). Nulls are absent values: a coin without price or
 * {@code last_updated} goes to the DLQ ({@code invalid_price}, {@code invalid_event_time}).
 *
 * <p>Symbols are upper-cased ({@code btc} → BTC); several coins share symbols, the first listed (the page is
 * ordered by market cap) owns it and later ones are skipped ({@code symbol_conflict}), as are symbols that
 * are not {@code ^[A-Z0-9]{1,20}$} ({@code unknown_symbol}).
 */
public final class CoingeckoParser implements FrameParser {

    public static final String SOURCE = "coingecko";

    private final String quote;
    private final SymbolClaims claims = new SymbolClaims();

    /** @param vsCurrency the {@code vs_currency} the pages were requested in */
    public CoingeckoParser(String vsCurrency) {
        this.quote = Symbols.asset(vsCurrency).orElseThrow(() -> new IllegalStateException(
                "coinpulse.ingest.coingecko.vs-currency must be a currency code such as usd, got '" + vsCurrency + "'"));
    }

    @Override
    public List<TickResult> parse(String frame, long receivedAt) {
        JsonNode root;
        try {
            root = FrameJson.read(frame);
        } catch (MalformedJsonException e) {
            return List.of(new TickResult.Invalid(SOURCE, Reason.MALFORMED_JSON, e.getMessage(), frame));
        }
        if (!root.isArray()) {
            return List.of(new TickResult.Invalid(SOURCE, Reason.MALFORMED_JSON, "a /coins/markets page is a JSON array",
                    frame));
        }
        List<TickResult> results = new ArrayList<>();
        for (JsonNode coin : root) {
            String id = FrameJson.text(coin, "id");
            String symbol = FrameJson.text(coin, "symbol");
            Optional<String> asset = Symbols.asset(symbol);
            if (id == null || id.isBlank() || asset.isEmpty()) {
                results.add(new TickResult.Skipped(SOURCE, TickResult.Skipped.UNKNOWN_SYMBOL, "coin "
                        + (id == null ? "without id" : FrameJson.quote(id)) + ": symbol "
                        + (symbol == null ? "missing" : FrameJson.quote(symbol)) + " is not an asset symbol"));
                continue;
            }
            if (!claims.claim(asset.get(), id)) {
                results.add(new TickResult.Skipped(SOURCE, TickResult.Skipped.SYMBOL_CONFLICT, "coin " + FrameJson.quote(id)
                        + ": symbol " + asset.get() + " belongs to " + FrameJson.quote(claims.owner(asset.get()))));
                continue;
            }
            try {
                double price = FrameJson.toDouble(FrameJson.requiredDecimal(coin, "current_price", Reason.INVALID_PRICE));
                Double volume = FrameJson.toDoubleOrNull(FrameJson.decimal(coin, "total_volume", Reason.INVALID_PRICE));
                Double marketCap = FrameJson.toDoubleOrNull(FrameJson.decimal(coin, "market_cap", Reason.INVALID_PRICE));
                long time = FrameJson.instant(coin, "last_updated").toEpochMilli();
                results.add(TickValidator.check(Tick.quote(SOURCE, asset.get(), quote, price, volume, marketCap, time,
                        SOURCE + ":" + id + ":" + time), frame));
            } catch (BadFieldException e) {
                results.add(new TickResult.Invalid(SOURCE, e.reason(), "coin " + id + ": " + e.getMessage(), frame));
            }
        }
        return results;
    }

    /** The quote currency, upper case. */
    public String quote() {
        return quote;
    }

    static String vsCurrency(String configured) {
        return configured.trim().toLowerCase(Locale.ROOT);
    }
}
