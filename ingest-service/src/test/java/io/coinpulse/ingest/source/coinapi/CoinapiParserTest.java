package io.coinpulse.ingest.source.coinapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.ingest.Fixtures;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import org.junit.jupiter.api.Test;

class CoinapiParserTest {

    private final CoinapiParser parser = new CoinapiParser();

    @Test
    void anExchangeRateIsAQuoteWithAllItsDigits() {
        assertThat(parser.parse(Fixtures.read("coinapi_exchangerate.json"), 1L)).containsExactly(new TickResult.Valid(
                Tick.quote("coinapi", "BTC", "USD", 29295.929694597355, null, null, 1690198316000L,
                        "coinapi:BTC/USD:t1690198316000000000")));
    }

    @Test
    void theWebSocketMessageHasTheSameShape() {
        assertThat(parser.parse(Fixtures.read("coinapi_ws_exrate_docs.json"), 1L)).containsExactly(new TickResult.Valid(
                Tick.quote("coinapi", "BTC", "USD", 10065.0319541, null, null, 1560266760000L,
                        "coinapi:BTC/USD:t1560266760000000000")));
    }

    @Test
    void errorsNullsAndUnknownPairs() {
        assertThat(parser.parse("{\"error\":\"Invalid API key\"}", 1L)).isEmpty();
        String rate = Fixtures.read("coinapi_exchangerate.json");
        TickResult.Invalid noRate = (TickResult.Invalid) parser.parse(rate.replace("29295.929694597355", "null"), 1L).get(0);
        assertThat(noRate.reason()).isEqualTo(Reason.INVALID_PRICE);
        assertThat(noRate.detail()).isEqualTo("BTC/USD: rate is missing or null");
        TickResult.Invalid zero = (TickResult.Invalid) parser.parse(rate.replace("29295.929694597355", "0"), 1L).get(0);
        assertThat(zero.reason()).isEqualTo(Reason.INVALID_PRICE);
        assertThat(parser.parse(rate.replace("\"USD\"", "\"US$\""), 1L)).containsExactly(new TickResult.Skipped("coinapi",
                TickResult.Skipped.UNKNOWN_SYMBOL, "pair \"BTC\"/\"US$\" is not two asset symbols"));
        assertThat(((TickResult.Invalid) parser.parse("{\"rate\":", 1L).get(0)).reason()).isEqualTo(Reason.MALFORMED_JSON);
    }
}
