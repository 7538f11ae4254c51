package io.coinpulse.ingest.source.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolsTest {

    private static final List<String> QUOTES = Symbols.longestFirst(List.of("usd", "USDT", "BUSD", "BTC", "FDUSD", " eur "));

    @Test
    void quotesAreUpperCaseLongestFirst() {
        assertThat(QUOTES).containsExactly("FDUSD", "BUSD", "USDT", "BTC", "EUR", "USD");
    }

    @Test
    void concatenatedSymbolsSplitAtTheLongestQuote() {
        assertThat(Symbols.splitByQuote("BTCUSDT", QUOTES)).contains(new Symbols.Pair("BTC", "USDT"));
        assertThat(Symbols.splitByQuote("ethbusd", QUOTES)).contains(new Symbols.Pair("ETH", "BUSD"));
        assertThat(Symbols.splitByQuote("BTCFDUSD", QUOTES)).contains(new Symbols.Pair("BTC", "FDUSD"));
        assertThat(Symbols.splitByQuote("XRPUSD", QUOTES)).contains(new Symbols.Pair("XRP", "USD"));
        assertThat(Symbols.splitByQuote("WBTCBTC", QUOTES)).contains(new Symbols.Pair("WBTC", "BTC"));
        assertThat(Symbols.splitByQuote("USDT", QUOTES)).isEmpty(); // nothing left for the base
        assertThat(Symbols.splitByQuote("BTCJPY", QUOTES)).isEmpty();
        assertThat(Symbols.splitByQuote(null, QUOTES)).isEmpty();
    }

    @Test
    void separatedSymbolsNeedExactlyTwoValidParts() {
        assertThat(Symbols.split("BTC-USD", '-')).contains(new Symbols.Pair("BTC", "USD"));
        assertThat(Symbols.split("xbt/eur", '/')).contains(new Symbols.Pair("BTC", "EUR"));
        assertThat(Symbols.split("XDG/USD", '/')).contains(new Symbols.Pair("DOGE", "USD"));
        assertThat(Symbols.split("BTC-USD-PERP", '-')).isEmpty();
        assertThat(Symbols.split("-USD", '-')).isEmpty();
        assertThat(Symbols.split("BTC/", '/')).isEmpty();
        assertThat(Symbols.split("BT C/USD", '/')).isEmpty();
    }

    @Test
    void assetsAreUpperCaseAndMatchTheCanonicalPattern() {
        assertThat(Symbols.asset(" btc ")).contains("BTC");
        assertThat(Symbols.asset("1INCH")).contains("1INCH");
        assertThat(Symbols.asset("USDC.e")).isEmpty();
        assertThat(Symbols.asset("")).isEmpty();
        assertThat(Symbols.asset("A".repeat(21))).isEmpty();
    }
}
