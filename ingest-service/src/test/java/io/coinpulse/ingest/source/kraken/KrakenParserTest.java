package io.coinpulse.ingest.source.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.ingest.Fixtures;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import org.junit.jupiter.api.Test;

class KrakenParserTest {

    static final String TRADE = Fixtures.KRAKEN_V2_TRADE_DOCS;

    private final KrakenParser parser = new KrakenParser();

    @Test
    void aTickerIsAQuoteWithTheQuoteVolumeFromVolumeTimesVwap() {
        // 997038.98383185 × 0.10148 = 101179.516079256138 exactly, rounded once to a double
        assertThat(parser.parse(Fixtures.read("kraken_v2_ticker.json"), 1L)).containsExactly(new TickResult.Valid(
                Tick.quote("kraken", "ALGO", "USD", 0.10035, 101179.51607925614, null, 1695632671742L,
                        "kraken:ALGO/USD:t1695632671742648000")));
    }

    @Test
    void aTradeIsATradeWithItsId() {
        assertThat(parser.parse(TRADE, 1L)).containsExactly(new TickResult.Valid(Tick.trade("kraken", "MATIC", "USD", 0.5147,
                6423.46326, 1695628116925L, "kraken:MATIC/USD:4665846")));
    }

    @Test
    void floatsAreReadFromTheirTextNotThroughABinaryFloat() {
        // 0.1 + 0.2 style noise would show if the parser went through float or summed doubles
        String frame = TRADE.replace("0.5147", "0.30000000000000004441").replace("6423.46326", "1.1");
        Tick tick = ((TickResult.Valid) parser.parse(frame, 1L).get(0)).tick();
        assertThat(tick.price()).isEqualTo(Double.parseDouble("0.30000000000000004441"));
        assertThat(tick.size()).isEqualTo(1.1);
    }

    @Test
    void xbtIsBitcoin() {
        Tick tick = ((TickResult.Valid) parser.parse(TRADE.replace("MATIC/USD", "XBT/EUR"), 1L).get(0)).tick();
        assertThat(tick.asset()).isEqualTo("BTC");
        assertThat(tick.quote()).isEqualTo("EUR");
        assertThat(tick.id()).isEqualTo("kraken:XBT/EUR:4665846");
    }

    @Test
    void aTickerWithoutTimestampTakesTheReceiveTime() {
        String frame = Fixtures.read("kraken_v2_ticker.json").replace(",\n            \"timestamp\": \"2023-09-25T09:04:31.742648Z\"", "");
        assertThat(frame).doesNotContain("timestamp");
        assertThat(parser.parse(frame, 1695632672000L)).containsExactly(new TickResult.Valid(Tick.quote("kraken", "ALGO",
                "USD", 0.10035, 101179.51607925614, null, 1695632672000L, "kraken:ALGO/USD:r1695632672000")));
    }

    @Test
    void heartbeatsStatusAndRepliesGiveNoTicks() {
        assertThat(parser.parse(Fixtures.read("kraken_v2_heartbeat.json"), 1L)).isEmpty();
        assertThat(parser.parse("{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"system\":\"online\"}]}", 1L)).isEmpty();
        assertThat(parser.parse("{\"method\":\"subscribe\",\"result\":{\"channel\":\"ticker\",\"symbol\":\"BTC/USD\"},"
                + "\"success\":true,\"time_in\":\"2023-09-25T09:04:31.742599Z\"}", 1L)).isEmpty();
    }

    @Test
    void nullsUnknownSymbolsAndUnknownFields() {
        String ticker = Fixtures.read("kraken_v2_ticker.json");
        TickResult.Invalid noLast = (TickResult.Invalid) parser.parse(ticker.replace("\"last\": 0.10035", "\"last\": null"),
                1L).get(0);
        assertThat(noLast.reason()).isEqualTo(Reason.INVALID_PRICE);
        assertThat(noLast.detail()).isEqualTo("ticker ALGO/USD: last is missing or null");

        // without vwap the quote volume is unknown: left out, not guessed
        Tick noVwap = ((TickResult.Valid) parser.parse(ticker.replace("\"vwap\": 0.10148", "\"vwap\": null"), 1L).get(0)).tick();
        assertThat(noVwap.volume24h()).isNull();

        assertThat(parser.parse(ticker.replace("ALGO/USD", "ALGOUSD"), 1L)).containsExactly(new TickResult.Skipped("kraken",
                TickResult.Skipped.UNKNOWN_SYMBOL, "symbol \"ALGOUSD\" is not BASE/QUOTE"));

        String extra = TRADE.replace("\"side\":\"buy\",", "\"side\":\"buy\",\"new_field\":{\"x\":[1.5]},");
        assertThat(parser.parse(extra, 1L)).singleElement().isInstanceOf(TickResult.Valid.class);

        TickResult.Invalid negative = (TickResult.Invalid) parser.parse(TRADE.replace("6423.46326", "-1"), 1L).get(0);
        assertThat(negative.reason()).isEqualTo(Reason.INVALID_SIZE);
    }
}
