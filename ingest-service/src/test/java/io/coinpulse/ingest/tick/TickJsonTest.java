package io.coinpulse.ingest.tick;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

    @Test
    void theBytesForKafkaAreTheTextInUtf8EscapesAndAllBeyondAscii() {
        // a source id is free text: quotes, backslashes, control characters and non-ASCII must survive as JSON;
        // a character beyond the BMP goes as its escaped surrogate pair
        Tick tick = Tick.trade("kraken", "BTC", "EUR", 61000.25, 0.5, 1772323200000L, "kraken:\"ü€😀\\\n\u0001");

        byte[] bytes = TickJson.writeUtf8(tick);

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(
                "{\"source\":\"kraken\",\"kind\":\"trade\",\"asset\":\"BTC\",\"quote\":\"EUR\",\"price\":61000.25,"
                        + "\"size\":0.5,\"eventTime\":1772323200000,\"id\":\"kraken:\\\"ü€\\uD83D\\uDE00\\\\\\n\\u0001\"}");
        assertThat(((TickResult.Valid) TickValidator.validate(new String(bytes, StandardCharsets.UTF_8))).tick())
                .isEqualTo(tick);
    }

    @Test
    void aLoneSurrogateReadFromAnEscapeIsWrittenBackAsOne() {
        // JSON text may escape half a surrogate pair ("\ud800"): the tick keeps it and publishes it unchanged
        String line = "{\"source\":\"kraken\",\"kind\":\"trade\",\"asset\":\"BTC\",\"price\":1.5,\"size\":2.0,"
                + "\"eventTime\":1772323200000,\"id\":\"k:\\ud800x\\udfff\"}";
        Tick tick = ((TickResult.Valid) TickValidator.validate(line)).tick();
        assertThat(tick.id()).isEqualTo("k:\ud800x\udfff");

        String written = new String(TickJson.writeUtf8(tick), StandardCharsets.UTF_8);

        assertThat(((TickResult.Valid) TickValidator.validate(written)).tick()).isEqualTo(tick);
    }
}
