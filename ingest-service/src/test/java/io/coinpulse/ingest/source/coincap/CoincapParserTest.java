package io.coinpulse.ingest.source.coincap;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.ingest.Fixtures;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoincapParserTest {

    /** The real {@code /v3/assets/bitcoin} data object. */
    static String bitcoin() {
        String fixture = Fixtures.frame("coincap_v3_asset.json");
        return fixture.substring(fixture.indexOf("\"data\":") + 7, fixture.length() - 1);
    }

    /** An {@code /assets} page: the real bitcoin object and more of its shape. */
    static String assetsPage(long timestamp, String... more) {
        return "{\"timestamp\":" + timestamp + ",\"data\":[" + bitcoin() + (more.length == 0 ? "" : "," + String.join(",", more))
                + "]}";
    }

    static String asset(String id, String symbol, String price) {
        return "{\"id\":\"" + id + "\",\"rank\":\"9\",\"symbol\":" + (symbol == null ? "null" : "\"" + symbol + "\"")
                + ",\"name\":\"x\",\"supply\":\"1.000000000000000000\",\"maxSupply\":null,\"marketCapUsd\":null,"
                + "\"volumeUsd24Hr\":\"1000.5\",\"priceUsd\":" + (price == null ? "null" : "\"" + price + "\"")
                + ",\"changePercent24Hr\":\"1.2\",\"vwap24Hr\":null,\"explorer\":null,\"tokens\":{}}";
    }

    private final CoincapParser parser = new CoincapParser();

    @Test
    void theRealAssetResponseIsAQuoteInUsdReadExactlyAndRoundedOnce() {
        // "69704.779999999998835847" → 69704.78; "1394938121675.859863281250000000" → 1394938121675.8599
        assertThat(parser.parse(Fixtures.frame("coincap_v3_asset.json"), 1L)).containsExactly(new TickResult.Valid(
                Tick.quote("coincap", "BTC", "USD", 69704.78, 30717175906.604836, 1394938121675.8599, 1775474489690L,
                        "coincap:bitcoin:a1775474489690")));
    }

    @Test
    void thePricesStreamNeedsTheIdsOfAnAssetsPageFirst() {
        String prices = Fixtures.read("coincap_ws_prices_v2.json");
        List<TickResult> before = parser.parse(prices, 1775474500000L);
        assertThat(before).hasSize(104).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(TickResult.Skipped.class,
                s -> assertThat(s.reason()).isEqualTo(TickResult.Skipped.UNKNOWN_SYMBOL)));
        assertThat(((TickResult.Skipped) before.get(0)).detail())
                .isEqualTo("coin \"swarm-city\" is not in the /assets listing read so far");

        assertThat(parser.parse(assetsPage(1775474489690L, asset("monero", "XMR", "420.1"),
                asset("fantom", "FTM", "0.8")), 1L)).hasSize(3).allSatisfy(r -> assertThat(r).isInstanceOf(TickResult.Valid.class));

        List<TickResult> after = parser.parse(prices, 1775474500000L);
        assertThat(after).filteredOn(r -> r instanceof TickResult.Valid).containsExactly(
                new TickResult.Valid(Tick.quote("coincap", "FTM", "USD", 0.805882, null, null, 1775474500000L,
                        "coincap:fantom:p1775474500000")),
                new TickResult.Valid(Tick.quote("coincap", "XMR", "USD", 422.5, null, null, 1775474500000L,
                        "coincap:monero:p1775474500000")));
        assertThat(after).filteredOn(r -> r instanceof TickResult.Skipped).hasSize(102);
    }

    @Test
    void aSecondCoinWithATakenSymbolIsSkippedAndCannotStealItsPrices() {
        List<TickResult> results = parser.parse(assetsPage(1775474489690L, asset("bitcoin-bep2", "btc", "69000")), 1L);
        assertThat(results.get(1)).isEqualTo(new TickResult.Skipped("coincap", TickResult.Skipped.SYMBOL_CONFLICT,
                "coin \"bitcoin-bep2\": symbol BTC belongs to \"bitcoin\""));
        assertThat(parser.parse("{\"bitcoin-bep2\":\"1.0\",\"bitcoin\":\"69710.5\"}", 5L)).containsExactly(
                new TickResult.Skipped("coincap", TickResult.Skipped.UNKNOWN_SYMBOL,
                        "coin \"bitcoin-bep2\" is not in the /assets listing read so far"),
                new TickResult.Valid(Tick.quote("coincap", "BTC", "USD", 69710.5, null, null, 5L, "coincap:bitcoin:p5")));
    }

    @Test
    void nullsOddSymbolsAndNotices() {
        List<TickResult> results = parser.parse(assetsPage(7L, asset("nothing", "NIL", null), asset("odd", "USDC.e", "1"),
                asset("none", null, "1")), 1L);
        TickResult.Invalid noPrice = (TickResult.Invalid) results.get(1);
        assertThat(noPrice.reason()).isEqualTo(Reason.INVALID_PRICE);
        assertThat(noPrice.detail()).isEqualTo("asset nothing: priceUsd is missing or null");
        assertThat(results.get(2)).isEqualTo(new TickResult.Skipped("coincap", TickResult.Skipped.UNKNOWN_SYMBOL,
                "coin \"odd\": symbol \"USDC.e\" is not an asset symbol"));
        assertThat(results.get(3)).isInstanceOf(TickResult.Skipped.class);
        // what the dead v2 host answers: a notice, no ticks
        assertThat(parser.parse(Fixtures.frame("coincap_v2_deprecation_notice.json"), 1L)).isEmpty();
        assertThat(parser.parse("{\"error\":\"Unauthorized\"}", 1L)).isEmpty();
        TickResult.Invalid badPrice = (TickResult.Invalid) parser.parse("{\"bitcoin\":\"n/a\"}", 1L).get(0);
        assertThat(badPrice.reason()).isEqualTo(Reason.INVALID_PRICE);
    }
}
