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
}
