package io.coinpulse.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.store.Alert;
import io.coinpulse.query.store.WindowMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The values of crypto.metrics and crypto.alerts as docs/CONTRACTS.md fixes them. */
class LiveRecordParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LiveRecordParser PARSER = new LiveRecordParser(JSON);

    /** The window of SPEC §6's example, as spark-app publishes it, with a field this version does not know. */
    static final String WINDOW = "{\"source\":\"binance\",\"asset\":\"BTC\",\"size\":\"1m\",\"windowStart\":1772323200000,"
            + "\"windowEnd\":1772323260000,\"open\":68023.6,\"high\":68110.2,\"low\":67990.1,\"close\":68101.9,"
            + "\"avgPrice\":68050.3,\"vwap\":68049.8,\"volumeBase\":1.52,\"volumeQuote\":103436.7,\"tickCount\":184,"
            + "\"tradeCount\":166,\"priceStddev\":31.2,\"pctChange\":0.115,\"final\":true,\"extra\":1}";

    static final String ALERT = "{\"alertId\":\"binance:BTC:price_move:1772323200000\",\"source\":\"binance\","
            + "\"asset\":\"BTC\",\"windowStart\":1772323200000,\"kind\":\"price_move\",\"value\":0.0123,\"zscore\":4.2,"
            + "\"threshold\":3.0,\"detectedAt\":1772323262000,\"message\":\"BTC moved\"}";

    @Test
    void aWindowUpdateIsReadFieldByField() throws Exception {
        WindowUpdate update = PARSER.window(WINDOW);
        assertThat(update.source()).isEqualTo("binance");
        assertThat(update.asset()).isEqualTo("BTC");
        assertThat(update.size()).isEqualTo("1m");
        assertThat(update.window()).isEqualTo(new WindowMetrics(1772323200000L, 1772323260000L, 68023.6, 68110.2,
                67990.1, 68101.9, 68050.3, 68049.8, 1.52, 103436.7, 184, 166, 31.2, 0.115, true));
    }

    @Test
    void aWindowUpdateIsSentOnAsTheSameFlatObjectWithoutUnknownFields() throws Exception {
        JsonNode sent = JSON.readTree(JSON.writeValueAsString(PARSER.window(WINDOW)));
        JsonNode expected = JSON.readTree(WINDOW);
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("extra");
        assertThat(sent).isEqualTo(expected);
        java.util.List<String> order = new java.util.ArrayList<>();
        sent.fieldNames().forEachRemaining(order::add);
        assertThat(order).startsWith("source", "asset", "size", "windowStart", "windowEnd", "open");
    }

    @Test
    void vwapMayBeNullOrAbsent() throws Exception {
        assertThat(PARSER.window(WINDOW.replace("\"vwap\":68049.8", "\"vwap\":null")).window().vwap()).isNull();
        assertThat(PARSER.window(WINDOW.replace("\"vwap\":68049.8,", "")).window().vwap()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json|{|malformed_json",
            "an array|[1,2]|malformed_json",
            "no close|" + "{\"source\":\"binance\"}|missing_field",
            "lower-case asset|LOWER|invalid_field",
            "string price|STRING_PRICE|missing_field",
            "fractional count|FRACTIONAL|missing_field",
            "end before start|BACKWARDS|invalid_window"})
    void aBrokenWindowUpdateIsRejectedWithAReason(String name, String value, String reason) {
        String json = switch (value) {
            case "LOWER" -> WINDOW.replace("\"asset\":\"BTC\"", "\"asset\":\"btc\"");
            case "STRING_PRICE" -> WINDOW.replace("\"close\":68101.9", "\"close\":\"68101.9\"");
            case "FRACTIONAL" -> WINDOW.replace("\"tickCount\":184", "\"tickCount\":184.5");
            case "BACKWARDS" -> WINDOW.replace("\"windowEnd\":1772323260000", "\"windowEnd\":1772323200000");
            default -> value;
        };
        assertThatThrownBy(() -> PARSER.window(json)).isInstanceOf(LiveRecordParser.RejectedRecord.class)
                .extracting(e -> ((LiveRecordParser.RejectedRecord) e).reason()).isEqualTo(reason);
    }

    @Test
    void anAlertIsReadFieldByField() throws Exception {
        assertThat(PARSER.alert(ALERT)).isEqualTo(new Alert("binance:BTC:price_move:1772323200000", "binance", "BTC",
                1772323200000L, "price_move", 0.0123, 4.2, 3.0, 1772323262000L, "BTC moved"));
        assertThat(JSON.readTree(JSON.writeValueAsString(PARSER.alert(ALERT)))).isEqualTo(JSON.readTree(ALERT));
    }

    @Test
    void anAlertOfAnUnknownKindIsRejected() {
        assertThatThrownBy(() -> PARSER.alert(ALERT.replace("price_move\",\"value", "crash\",\"value")))
                .hasMessage("kind must be one of [price_move, volume_spike]; got 'crash'");
        assertThatThrownBy(() -> PARSER.alert(ALERT.replace("\"message\":\"BTC moved\"", "\"message\":\"\"")))
                .hasMessage("message must be a non-empty string");
    }
}
