package io.coinpulse.ingest.source.coingecko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coinpulse.ingest.Fixtures;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoingeckoParserTest {

    /** The bitcoin object of the real {@code /coins/markets} example. */
    static String bitcoin() {
        String page = Fixtures.frame("coingecko_markets.json");
        return page.substring(1, page.length() - 1).strip();
    }

    static String coin(String id, String symbol, String price, String lastUpdated) {
        return "{\"id\":\"" + id + "\",\"symbol\":\"" + symbol + "\",\"name\":\"x\",\"image\":\"https://x\",\"current_price\":"
                + price + ",\"market_cap\":null,\"market_cap_rank\":null,\"total_volume\":12.5,\"roi\":null,"
                + "\"last_updated\":" + (lastUpdated == null ? "null" : "\"" + lastUpdated + "\"") + "}";
    }

    private final CoingeckoParser parser = new CoingeckoParser("usd");

    @Test
    void theRealMarketsPageIsAQuoteInTheRequestedCurrency() {
        assertThat(parser.parse(Fixtures.read("coingecko_markets.json"), 1L)).containsExactly(new TickResult.Valid(
                Tick.quote("coingecko", "BTC", "USD", 77671.0, 33235034316.0, 1555886872303.0, 1779108561599L,
                        "coingecko:bitcoin:1779108561599")));
        assertThat(new CoingeckoParser(" EUR ").parse(Fixtures.read("coingecko_markets.json"), 1L))
                .extracting(r -> ((TickResult.Valid) r).tick().quote()).containsExactly("EUR");
    }

    @Test
    void symbolsArePerCoinTheBiggestClaimsFirst() {
        String page = "[" + bitcoin() + "," + coin("wrapped-fake", "BTC", "77000", "2026-05-18T12:49:20.000Z") + ","
                + coin("ethereum", "eth", "3500.25", "2026-05-18T12:49:20.000Z") + ","
                + coin("tether-gold", "xaut₮", "1", "2026-05-18T12:49:20.000Z") + "]";
        List<TickResult> results = parser.parse(page, 1L);
        assertThat(results).hasSize(4);
        assertThat(results.get(1)).isEqualTo(new TickResult.Skipped("coingecko", TickResult.Skipped.SYMBOL_CONFLICT,
                "coin \"wrapped-fake\": symbol BTC belongs to \"bitcoin\""));
        assertThat(results.get(2)).isEqualTo(new TickResult.Valid(Tick.quote("coingecko", "ETH", "USD", 3500.25, 12.5, null,
                1779108560000L, "coingecko:ethereum:1779108560000")));
        assertThat(results.get(3)).isEqualTo(new TickResult.Skipped("coingecko", TickResult.Skipped.UNKNOWN_SYMBOL,
                "coin \"tether-gold\": symbol \"xaut₮\" is not an asset symbol"));
        // the next page of the next poll: the claim holds
        assertThat(parser.parse("[" + coin("wrapped-fake", "btc", "1", "2026-05-18T12:50:00.000Z") + "]", 2L))
                .singleElement().isInstanceOf(TickResult.Skipped.class);
    }

    @Test
    void nullsGoToTheDlqWithTheFieldNamed() {
        TickResult.Invalid noPrice = (TickResult.Invalid) parser.parse("[" + coin("dead", "ded", "null",
                "2026-05-18T12:49:20.000Z") + "]", 1L).get(0);
        assertThat(noPrice.reason()).isEqualTo(Reason.INVALID_PRICE);
        assertThat(noPrice.detail()).isEqualTo("coin dead: current_price is missing or null");
        TickResult.Invalid noTime = (TickResult.Invalid) parser.parse("[" + coin("stale", "stl", "1.5", null) + "]", 1L).get(0);
        assertThat(noTime.reason()).isEqualTo(Reason.INVALID_EVENT_TIME);
        assertThat(noTime.detail()).isEqualTo("coin stale: last_updated is missing or null");
    }

    @Test
    void aPageMustBeAnArray() {
        TickResult.Invalid error = (TickResult.Invalid) parser.parse("{\"status\":{\"error_code\":429}}", 1L).get(0);
        assertThat(error.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(parser.parse("[]", 1L)).isEmpty();
        assertThatThrownBy(() -> new CoingeckoParser("us dollar")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("coinpulse.ingest.coingecko.vs-currency");
    }
}
