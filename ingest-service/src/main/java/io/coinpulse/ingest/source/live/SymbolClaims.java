package io.coinpulse.ingest.source.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Aggregators list thousands of coins and several share a symbol (bridged tokens, copies). Under one source
 * an asset symbol stands for one coin: the first coin id seen with a symbol claims it (the APIs list by
 * market cap or rank, so that is the big one) and later coins with that symbol are skipped as
 * {@code symbol_conflict}. Deterministic in the order of the frames, so a replay of a recording claims alike.
 */
public final class SymbolClaims {

    private final Map<String, String> ownerBySymbol = new ConcurrentHashMap<>();

    /** Whether {@code coinId} owns {@code asset} (claiming it when free). */
    public boolean claim(String asset, String coinId) {
        return ownerBySymbol.computeIfAbsent(asset, a -> coinId).equals(coinId);
    }

    /** The coin that owns {@code asset}, or null. */
    public String owner(String asset) {
        return ownerBySymbol.get(asset);
    }
}
