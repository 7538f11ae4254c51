package io.coinpulse.ingest.tick;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TickJsonTest {

    @Test
    void writesTheCanonicalFieldsInOrderAndLeavesAbsentOnesOut() {
        Tick trade = Tick.trade("binance", "BTC", "USDT", 68023.59669, 0.037158992, 1772323200231L, "binance:BTC:1")
                .withIngestTime(1772323200500L);
        assertThat(TickJson.write(trade)).isEqualTo("{\"source\":\"binance\",\"kind\":\"trade\",\"asset\":\"BTC\","
                + "\"quote\":\"USDT\",\"price\":68023.59669,\"size\":0.037158992,\"eventTime\":1772323200231,"
                + "\"ingestTime\":1772323200500,\"id\":\"binance:BTC:1\"}");

        Tick quote = Tick.quote("coincap", "LINK", null, 3.408573871e-05, 5.0E8, null, 1L, "c:1");
        assertThat(TickJson.write(quote)).isEqualTo("{\"source\":\"coincap\",\"kind\":\"quote\",\"asset\":\"LINK\","
                + "\"price\":3.408573871E-5,\"volume24h\":5.0E8,\"eventTime\":1,\"id\":\"c:1\"}");
    }

    @Test
    void writesTheShortestDigitsThatReadBackAsTheSameDouble() {
        // Java 17's Double.toString gives 2.82879384806159008E17 and 9.999999999999999E22 for these two
        Tick tick = Tick.quote("coincap", "BTC", null, 2.82879384806159E17, 1.0E23, null, 1L, "c:2");

        String json = TickJson.write(tick);

        assertThat(json).contains("\"price\":2.82879384806159E17,\"volume24h\":1.0E23,");
        Tick back = ((TickResult.Valid) TickValidator.validate(json)).tick();
        assertThat(back.price()).isEqualTo(2.82879384806159E17);
        assertThat(back.volume24h()).isEqualTo(1.0E23);
    }
}
