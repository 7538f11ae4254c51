package io.coinpulse.ingest.tick;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TickValidatorTest {

    private static final String TRADE = """
            {"source":"binance","kind":"trade","asset":"BTC","quote":"USDT","price":68023.59669,\
            "size":0.037158992,"eventTime":1772323200231,"id":"binance:BTC:100004"}""";
    private static final String QUOTE = """
            {"source":"coincap","kind":"quote","asset":"LINK","quote":"USD","price":3.341405606e-05,\
            "volume24h":588718851.25,"marketCap":1.5E10,"eventTime":1772323202656,"id":"coincap:LINK:q42"}""";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void validTradeIsParsedFieldByField() {
        Tick tick = valid(TRADE);
        assertThat(tick.source()).isEqualTo("binance");
        assertThat(tick.kind()).isEqualTo(Kind.TRADE);
        assertThat(tick.asset()).isEqualTo("BTC");
        assertThat(tick.quote()).isEqualTo("USDT");
        assertThat(tick.price()).isEqualTo(68023.59669);
        assertThat(tick.size()).isEqualTo(0.037158992);
        assertThat(tick.volume24h()).isNull();
        assertThat(tick.marketCap()).isNull();
        assertThat(tick.eventTime()).isEqualTo(1772323200231L);
        assertThat(tick.ingestTime()).isNull();
        assertThat(tick.id()).isEqualTo("binance:BTC:100004");
    }

    @Test
    void validQuoteIsParsedFieldByField() {
        Tick tick = valid(QUOTE);
        assertThat(tick).isEqualTo(new Tick("coincap", Kind.QUOTE, "LINK", "USD", 3.341405606e-05, null,
                588718851.25, 1.5e10, 1772323202656L, null, "coincap:LINK:q42"));
    }

    @Test
    void numbersKeepTheDoubleOfTheirText() {
        // 0.1 + 0.2 style traps: the double must be Double.parseDouble of the literal, nothing else
        for (String literal : new String[] {"0.1", "0.30000000000000004", "68023.59669", "3.408573871e-05",
                "9007199254740993", "1E-300", "123456789.123456789"}) {
            Tick tick = valid(TRADE.replace("68023.59669", literal));
            assertThat(tick.price()).as(literal).isEqualTo(Double.parseDouble(literal));
        }
    }

    @Test
    void unknownFieldsAndAnIncomingIngestTimeAreIgnored() {
        Tick tick = valid(TRADE.replace("{", "{\"exchange\":{\"name\":\"x\"},\"tags\":[1,2],\"ingestTime\":5,"));
        assertThat(tick.ingestTime()).isNull();
        assertThat(tick.asset()).isEqualTo("BTC");
    }

    @Test
    void quoteCurrencyIsOptionalAndNullCountsAsAbsent() {
        assertThat(valid(without(TRADE, "quote")).quote()).isNull();
        assertThat(valid(with(TRADE, "quote", null)).quote()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"source\":\"binance\",\"kind\":\"trade\",", "", "   ", "[1,2]", "42", "\"text\"",
            "null", "{\"source\":\"a\"} {\"source\":\"b\"}", "{\"source\":\"a\",\"source\":\"b\"}",
            "{\"price\":NaN}", "{'source':'binance'}"})
    void malformedJson(String line) {
        assertRejected(line, Reason.MALFORMED_JSON);
    }

    @Test
    void missingSource() {
        assertRejected(without(TRADE, "source"), Reason.MISSING_SOURCE);
        assertRejected(with(TRADE, "source", ""), Reason.MISSING_SOURCE);
        assertRejected(with(TRADE, "source", "  "), Reason.MISSING_SOURCE);
        assertRejected(with(TRADE, "source", 7), Reason.MISSING_SOURCE);
        assertRejected(with(TRADE, "source", null), Reason.MISSING_SOURCE);
    }

    @Test
    void invalidKind() {
        assertRejected(with(TRADE, "kind", "snapshot"), Reason.INVALID_KIND);
        assertRejected(with(TRADE, "kind", "TRADE"), Reason.INVALID_KIND);
        assertRejected(without(TRADE, "kind"), Reason.INVALID_KIND);
        assertRejected(with(TRADE, "kind", 1), Reason.INVALID_KIND);
    }

    @Test
    void invalidAsset() {
        assertRejected(without(TRADE, "asset"), Reason.INVALID_ASSET);
        assertRejected(with(TRADE, "asset", "BTC; DROP TABLE window_metrics"), Reason.INVALID_ASSET);
        assertRejected(with(TRADE, "asset", "btc"), Reason.INVALID_ASSET);
        assertRejected(with(TRADE, "asset", ""), Reason.INVALID_ASSET);
        assertRejected(with(TRADE, "asset", "A".repeat(21)), Reason.INVALID_ASSET);
        assertRejected(with(TRADE, "asset", 1), Reason.INVALID_ASSET);
        // the characters either side of A-Z and 0-9, and letters and digits outside ASCII
        for (String symbol : new String[] {"BT@", "BT[", "BT/", "BT:", "BTÇ", "BT\u0661", "BT\uFF11", "BT ", "BT\u0000"}) {
            assertRejected(with(TRADE, "asset", symbol), Reason.INVALID_ASSET);
            assertThat(FastTickReader.read(with(TRADE, "asset", symbol))).as(symbol).isNull();
        }
        assertThat(valid(with(TRADE, "asset", "1INCH" + "X".repeat(15))).asset()).hasSize(20);
        assertThat(valid(with(TRADE, "asset", "AZ09")).asset()).isEqualTo("AZ09");
    }

    @Test
    void aRepeatedFieldIsMalformedOnBothPaths() {
        for (String repeated : new String[] {",\"price\":1.5}", ",\"id\":\"binance:BTC:1\"}", ",\"asset\":\"BTC\"}"}) {
            String line = TRADE.substring(0, TRADE.length() - 1) + repeated;
            assertThat(FastTickReader.read(line)).as(line).isNull();
            assertRejected(line, Reason.MALFORMED_JSON);
        }
        assertThat(FastTickReader.read(TRADE)).isEqualTo(valid(TRADE));
    }

    @Test
    void invalidQuote() {
        assertRejected(with(TRADE, "quote", "usdt"), Reason.INVALID_QUOTE);
        assertRejected(with(TRADE, "quote", "US-D"), Reason.INVALID_QUOTE);
        assertRejected(with(TRADE, "quote", ""), Reason.INVALID_QUOTE);
        assertRejected(with(TRADE, "quote", 840), Reason.INVALID_QUOTE);
    }

    @Test
    void invalidPrice() {
        assertRejected(with(TRADE, "price", -0.6762326629), Reason.INVALID_PRICE);
        assertRejected(with(TRADE, "price", 0), Reason.INVALID_PRICE);
        assertRejected(with(TRADE, "price", "NaN"), Reason.INVALID_PRICE);
        assertRejected(with(TRADE, "price", "68000.1"), Reason.INVALID_PRICE);
        assertRejected(without(TRADE, "price"), Reason.INVALID_PRICE);
        assertRejected(TRADE.replace("68023.59669", "1e400"), Reason.INVALID_PRICE);
        assertRejected(with(QUOTE, "volume24h", -1), Reason.INVALID_PRICE);
        assertRejected(with(QUOTE, "marketCap", "big"), Reason.INVALID_PRICE);
    }

    @Test
    void invalidSize() {
        assertRejected(with(TRADE, "size", -1.0), Reason.INVALID_SIZE);
        assertRejected(with(TRADE, "size", 0), Reason.INVALID_SIZE);
        assertRejected(with(TRADE, "size", "0.5"), Reason.INVALID_SIZE);
        assertRejected(without(TRADE, "size"), Reason.INVALID_SIZE);
        assertRejected(with(QUOTE, "size", 1.5), Reason.INVALID_SIZE);
    }

    @Test
    void invalidEventTime() {
        assertRejected(without(TRADE, "eventTime"), Reason.INVALID_EVENT_TIME);
        assertRejected(with(TRADE, "eventTime", 1772323200231.5), Reason.INVALID_EVENT_TIME);
        assertRejected(TRADE.replace("1772323200231", "1772323200231.0"), Reason.INVALID_EVENT_TIME);
        assertRejected(with(TRADE, "eventTime", "1772323200231"), Reason.INVALID_EVENT_TIME);
        assertRejected(with(TRADE, "eventTime", -5), Reason.INVALID_EVENT_TIME);
        assertRejected(TRADE.replace("1772323200231", "99999999999999999999"), Reason.INVALID_EVENT_TIME);
    }

    @Test
    void missingId() {
        assertRejected(without(TRADE, "id"), Reason.MISSING_ID);
        assertRejected(with(TRADE, "id", ""), Reason.MISSING_ID);
        assertRejected(with(TRADE, "id", 100004), Reason.MISSING_ID);
    }

    @ParameterizedTest
    @CsvSource({"source,MISSING_SOURCE", "kind,INVALID_KIND", "asset,INVALID_ASSET", "price,INVALID_PRICE",
            "size,INVALID_SIZE", "eventTime,INVALID_EVENT_TIME", "id,MISSING_ID"})
    void theFirstBrokenRuleInSpecOrderWins(String field, Reason reason) {
        // break this field and every later one: the reason is this field's
        String[] order = {"source", "kind", "asset", "price", "size", "eventTime", "id"};
        String line = TRADE;
        boolean breaking = false;
        for (String f : order) {
            breaking |= f.equals(field);
            if (breaking) {
                line = without(line, f);
            }
        }
        assertRejected(line, reason);
    }

    @Test
    void aRejectionKeepsTheRawTextTheClaimedSourceAndSaysWhy() {
        String line = with(TRADE, "price", "NaN");
        TickResult.Invalid invalid = (TickResult.Invalid) TickValidator.validate(line);
        assertThat(invalid.payload()).isSameAs(line);
        assertThat(invalid.source()).isEqualTo("binance");
        assertThat(invalid.detail()).contains("price").contains("\"NaN\"");

        TickResult.Invalid cut = (TickResult.Invalid) TickValidator.validate("{\"source\":\"binance\",");
        assertThat(cut.source()).isNull();
        assertThat(cut.detail()).startsWith("not valid JSON");
    }

    @Test
    void checkAppliesTheSameRulesToTicksBuiltByConnectorParsers() {
        Tick good = Tick.trade("binance", "BTC", "USDT", 68000.5, 0.01, 1772323200231L, "binance:BTC:1");
        assertThat(TickValidator.check(good, "frame")).isEqualTo(new TickResult.Valid(good));
        assertThat(reasonOf(TickValidator.check(Tick.trade("binance", "btc", null, 1, 1, 1, "x"), "f")))
                .isEqualTo(Reason.INVALID_ASSET);
        assertThat(reasonOf(TickValidator.check(Tick.trade("binance", "BTC", null, Double.NaN, 1, 1, "x"), "f")))
                .isEqualTo(Reason.INVALID_PRICE);
        assertThat(reasonOf(TickValidator.check(Tick.trade("binance", "BTC", null, 1, 0, 1, "x"), "f")))
                .isEqualTo(Reason.INVALID_SIZE);
        assertThat(reasonOf(TickValidator.check(Tick.quote("", "BTC", null, 1, null, null, 1, "x"), "f")))
                .isEqualTo(Reason.MISSING_SOURCE);
        assertThat(reasonOf(TickValidator.check(Tick.quote("kraken", "BTC", "usd", 1, null, null, 1, "x"), "f")))
                .isEqualTo(Reason.INVALID_QUOTE);
        assertThat(reasonOf(TickValidator.check(Tick.quote("kraken", "BTC", null, 1, null, null, 0, "x"), "f")))
                .isEqualTo(Reason.INVALID_EVENT_TIME);
        assertThat(reasonOf(TickValidator.check(Tick.quote("kraken", "BTC", null, 1, null, null, 1, " "), "f")))
                .isEqualTo(Reason.MISSING_ID);
    }

    private static Tick valid(String line) {
        TickResult result = TickValidator.validate(line);
        assertThat(result).as(line).isInstanceOf(TickResult.Valid.class);
        return ((TickResult.Valid) result).tick();
    }

    private static void assertRejected(String line, Reason reason) {
        TickResult result = TickValidator.validate(line);
        assertThat(result).as(line).isInstanceOf(TickResult.Invalid.class);
        TickResult.Invalid invalid = (TickResult.Invalid) result;
        assertThat(invalid.reason()).as(line + " → " + invalid.detail()).isEqualTo(reason);
        assertThat(invalid.payload()).isEqualTo(line);
        assertThat(invalid.detail()).isNotBlank();
    }

    private static Reason reasonOf(TickResult result) {
        return result instanceof TickResult.Invalid invalid ? invalid.reason() : null;
    }

    private static String without(String line, String field) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            node.remove(field);
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String with(String line, String field, Object value) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            node.set(field, JSON.valueToTree(value));
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
