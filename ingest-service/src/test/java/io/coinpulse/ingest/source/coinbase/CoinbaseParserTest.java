package io.coinpulse.ingest.source.coinbase;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.ingest.Fixtures;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoinbaseParserTest {

    private final CoinbaseParser parser = new CoinbaseParser();

    @Test
    void aTickerIsAQuoteAtTheMessageTimeWithANanosecondId() {
        assertThat(parser.parse(Fixtures.read("coinbase_ticker.json"), 1L)).containsExactly(new TickResult.Valid(
                Tick.quote("coinbase", "BTC", "USD", 21932.98, null, null, 1675974637167L,
                        "coinbase:BTC-USD:t1675974637167359596")));
    }

    @Test
    void marketTradesAreTradesAtTheirOwnTime() {
        assertThat(parser.parse(Fixtures.read("coinbase_market_trades.json"), 1L)).containsExactly(new TickResult.Valid(
                Tick.trade("coinbase", "ETH", "USD", 1260.01, 0.3, 1565815347265L, "coinbase:ETH-USD:000000000")));
    }

    @Test
    void heartbeatsSubscriptionsAndErrorsGiveNoTicks() {
        assertThat(parser.parse(Fixtures.read("coinbase_heartbeats.json"), 1L)).isEmpty();
        // production sends the counter as an integer
        assertThat(parser.parse(Fixtures.read("coinbase_heartbeats.json").replace("\"3049\"", "3049"), 1L)).isEmpty();
        assertThat(parser.parse("{\"channel\":\"subscriptions\",\"events\":[{\"subscriptions\":{\"ticker\":[\"BTC-USD\"]}}]}",
                1L)).isEmpty();
        assertThat(parser.parse("{\"type\":\"error\",\"message\":\"failure to subscribe\"}", 1L)).isEmpty();
    }

    @Test
    void severalEventsAndTradesInOneMessageKeepTheirOrder() {
        String frame = "{\"channel\":\"market_trades\",\"timestamp\":\"2023-02-09T20:19:35.39625135Z\",\"events\":["
                + "{\"type\":\"update\",\"trades\":[{\"trade_id\":\"11\",\"product_id\":\"BTC-USD\",\"price\":\"21900.5\","
                + "\"size\":\"0.001\",\"side\":\"SELL\",\"time\":\"2023-02-09T20:19:35.1Z\"},"
                + "{\"trade_id\":\"12\",\"product_id\":\"BTC-USD\",\"price\":\"21900.75\",\"size\":\"0.25\",\"side\":\"BUY\","
                + "\"time\":\"2023-02-09T20:19:35.2Z\"}]},"
                + "{\"type\":\"update\",\"trades\":[{\"trade_id\":\"5\",\"product_id\":\"SOL-EUR\",\"price\":\"20.1\",\"size\":\"3\","
                + "\"time\":\"2023-02-09T20:19:35.3Z\",\"extra\":null}]}]}";
        assertThat(parser.parse(frame, 1L)).containsExactly(
                new TickResult.Valid(Tick.trade("coinbase", "BTC", "USD", 21900.5, 0.001, 1675973975100L, "coinbase:BTC-USD:11")),
                new TickResult.Valid(Tick.trade("coinbase", "BTC", "USD", 21900.75, 0.25, 1675973975200L, "coinbase:BTC-USD:12")),
                new TickResult.Valid(Tick.trade("coinbase", "SOL", "EUR", 20.1, 3.0, 1675973975300L, "coinbase:SOL-EUR:5")));
    }

    @Test
    void nullsBadTimesAndUnknownProducts() {
        String ticker = Fixtures.read("coinbase_ticker.json");
        TickResult.Invalid noPrice = (TickResult.Invalid) parser.parse(ticker.replace("\"price\": \"21932.98\"",
                "\"price\": null"), 1L).get(0);
        assertThat(noPrice.reason()).isEqualTo(Reason.INVALID_PRICE);
        assertThat(noPrice.detail()).isEqualTo("ticker BTC-USD: price is missing or null");

        TickResult.Invalid badTime = (TickResult.Invalid) parser.parse(ticker.replace("2023-02-09T20:30:37.167359596Z",
                "yesterday"), 1L).get(0);
        assertThat(badTime.reason()).isEqualTo(Reason.INVALID_EVENT_TIME);
        assertThat(badTime.detail()).isEqualTo("ticker BTC-USD: timestamp \"yesterday\" is not an ISO-8601 instant");

        List<TickResult> unknown = parser.parse(ticker.replace("BTC-USD", "BTCUSD"), 1L);
        assertThat(unknown).containsExactly(new TickResult.Skipped("coinbase", TickResult.Skipped.UNKNOWN_SYMBOL,
                "product \"BTCUSD\" is not BASE-QUOTE"));

        TickResult.Invalid noId = (TickResult.Invalid) parser.parse(Fixtures.read("coinbase_market_trades.json")
                .replace("\"trade_id\": \"000000000\",", ""), 1L).get(0);
        assertThat(noId.reason()).isEqualTo(Reason.MISSING_ID);
    }

    @Test
    void malformedFramesAreRejectedWhole() {
        TickResult.Invalid invalid = (TickResult.Invalid) parser.parse("[1,2", 1L).get(0);
        assertThat(invalid.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(invalid.payload()).isEqualTo("[1,2");
        TickResult.Invalid noEvents = (TickResult.Invalid) parser.parse("{\"channel\":\"ticker\",\"events\":7}", 1L).get(0);
        assertThat(noEvents.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(noEvents.detail()).isEqualTo("ticker message without events");
    }
}
