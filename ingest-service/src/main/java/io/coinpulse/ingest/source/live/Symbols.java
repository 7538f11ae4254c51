package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.tick.TickValidator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Exchange symbols → canonical upper-case asset and quote (SPEC §3): {@code BTCUSDT} → BTC/USDT,
 * {@code BTC-USD} → BTC/USD, {@code XBT/USD} → BTC/USD. A symbol that does not map to two symbols of
 * {@code ^[A-Z0-9]{1,20}$} is unknown (the connector skips and counts it).
 */
public final class Symbols {

    /** Legacy exchange spellings of an asset (Kraken's XBT, XDG). */
    private static final Map<String, String> ALIASES = Map.of("XBT", "BTC", "XDG", "DOGE");

    private Symbols() {
    }

    /** A base and quote pair. */
    public record Pair(String asset, String quote) {
    }

    /** The canonical asset of a symbol: trimmed, upper-cased, de-aliased; empty when it cannot be one. */
    public static Optional<String> asset(String symbol) {
        if (symbol == null) {
            return Optional.empty();
        }
        String upper = symbol.trim().toUpperCase(Locale.ROOT);
        upper = ALIASES.getOrDefault(upper, upper);
        return TickValidator.isSymbol(upper) ? Optional.of(upper) : Optional.empty();
    }

    /** {@code BTC-USD}, {@code BTC/USD} split at {@code separator}; empty unless exactly two valid symbols. */
    public static Optional<Pair> split(String pair, char separator) {
        if (pair == null) {
            return Optional.empty();
        }
        int at = pair.indexOf(separator);
        if (at <= 0 || at != pair.lastIndexOf(separator)) {
            return Optional.empty();
        }
        Optional<String> asset = asset(pair.substring(0, at));
        Optional<String> quote = asset(pair.substring(at + 1));
        return asset.isPresent() && quote.isPresent() ? Optional.of(new Pair(asset.get(), quote.get())) : Optional.empty();
    }

    /**
     * A symbol without separator ({@code BTCUSDT}) split at the longest known quote asset it ends in
     * ({@code ETHBUSD} → ETH/BUSD, not ETHB/USD); empty when it ends in none or nothing is left for the base.
     */
    public static Optional<Pair> splitByQuote(String symbol, List<String> quotesLongestFirst) {
        if (symbol == null) {
            return Optional.empty();
        }
        String upper = symbol.trim().toUpperCase(Locale.ROOT);
        for (String quote : quotesLongestFirst) {
            if (upper.length() > quote.length() && upper.endsWith(quote)) {
                Optional<String> asset = asset(upper.substring(0, upper.length() - quote.length()));
                return asset.map(a -> new Pair(a, quote));
            }
        }
        return Optional.empty();
    }

    /** Quote assets upper-cased, longest first, for {@link #splitByQuote}. */
    public static List<String> longestFirst(List<String> quotes) {
        return quotes.stream().map(q -> q.trim().toUpperCase(Locale.ROOT)).filter(q -> !q.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .toList();
    }
}
