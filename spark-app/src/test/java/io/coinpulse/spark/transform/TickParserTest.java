package io.coinpulse.spark.transform;

import static io.coinpulse.spark.testing.Ticks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.spark.testing.LocalSpark;
import io.coinpulse.spark.testing.Ticks;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class TickParserTest {

    @Test
    void aTradeAndAQuoteWithTheirTopicPositions() {
        String trade = Ticks.node("binance", "trade", "BTC", 68023.59669, T0 + 231, "binance:BTC:1")
                .put("size", 0.037158992).put("ingestTime", T0 + 400).put("someNewField", "ignored").toString();
        String quote = Ticks.node("coincap", "quote", "ETH", 3500.5, T0 + 999, "coincap:ETH:q1")
                .put("volume24h", 1.5e9).put("marketCap", 4.2e11).toString();

        List<Row> ticks = TickParser.parse(LocalSpark.recordsAt(List.of(
                RowFactory.create(trade, 2, 41L), RowFactory.create(quote, 1, 7L)))).orderBy("kafka_offset").collectAsList();

        assertThat(ticks).hasSize(2);
        Row q = ticks.get(0);
        assertThat(q.<String>getAs("source")).isEqualTo("coincap");
        assertThat(q.<String>getAs("kind")).isEqualTo("quote");
        assertThat(q.<Double>getAs("price")).isEqualTo(3500.5);
        assertThat(q.<Double>getAs("size")).isNull();
        assertThat(q.<Integer>getAs("kafka_partition")).isEqualTo(1);
        assertThat(q.<Long>getAs("kafka_offset")).isEqualTo(7L);
        Row t = ticks.get(1);
        assertThat(t.<String>getAs("source")).isEqualTo("binance");
        assertThat(t.<String>getAs("asset")).isEqualTo("BTC");
        assertThat(t.<String>getAs("quote")).isEqualTo("USDT");
        assertThat(t.<Double>getAs("price")).isEqualTo(68023.59669);
        assertThat(t.<Double>getAs("size")).isEqualTo(0.037158992);
        assertThat(t.<Timestamp>getAs("event_time").toInstant()).isEqualTo(Instant.ofEpochMilli(T0 + 231));
        assertThat(t.<Long>getAs("event_time_ms")).isEqualTo(T0 + 231);
        assertThat(t.<String>getAs("id")).isEqualTo("binance:BTC:1");
        assertThat(t.<Integer>getAs("kafka_partition")).isEqualTo(2);
        assertThat(t.<Long>getAs("kafka_offset")).isEqualTo(41L);
    }

    @Test
    void everyBrokenRuleIsRejectedWithItsReason() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"source\":\"binance\",\"kind\":\"trade\",", "malformed_json");
        cases.put("not json at all", "malformed_json");
        cases.put("[1,2,3]", "malformed_json");
        cases.put(Ticks.node("binance", "trade", "BTC", 1.0, T0, "a").put("size", 1.0).put("price", "abc").toString(), "malformed_json");
        cases.put(Ticks.node("", "trade", "BTC", 1.0, T0, "b").put("size", 1.0).toString(), "missing_source");
        cases.put(Ticks.node("binance", "trade", "BTC", 1.0, T0, "c").put("size", 1.0).without("source").toString(), "missing_source");
        cases.put(Ticks.node("x".repeat(33), "trade", "BTC", 1.0, T0, "d").put("size", 1.0).toString(), "invalid_source");
        cases.put(Ticks.node("binance", "snapshot", "BTC", 1.0, T0, "e").put("size", 1.0).toString(), "invalid_kind");
        cases.put(Ticks.node("binance", "trade", "btc", 1.0, T0, "f").put("size", 1.0).toString(), "invalid_asset");
        cases.put(Ticks.node("binance", "trade", "BTC; DROP TABLE window_metrics", 1.0, T0, "g").put("size", 1.0).toString(), "invalid_asset");
        cases.put(Ticks.node("binance", "trade", "A23456789012345678901", 1.0, T0, "h").put("size", 1.0).toString(), "invalid_asset");
        cases.put(Ticks.node("binance", "quote", "BTC", 0.0, T0, "i").toString(), "invalid_price");
        cases.put(Ticks.node("binance", "trade", "BTC", -5.0, T0, "j").put("size", 1.0).toString(), "invalid_price");
        cases.put(Ticks.node("binance", "trade", "BTC", 1.0, T0, "k").put("size", 1.0).put("price", "NaN").toString(), "invalid_price");
        cases.put(Ticks.node("binance", "trade", "BTC", 1.0, T0, "l").put("size", 1.0).put("price", "Infinity").toString(), "invalid_price");
        cases.put(Ticks.node("binance", "quote", "BTC", 1.0, T0, "m").without("price").toString(), "invalid_price");
        cases.put(Ticks.node("binance", "trade", "BTC", 1.0, T0, "n").put("size", -1.0).toString(), "invalid_size");
        cases.put(Ticks.node("binance", "trade", "BTC", 1.0, T0, "o").toString(), "invalid_size");
        cases.put(Ticks.node("binance", "trade", "BTC", 1e200, T0, "o2").put("size", 1e200).toString(), "invalid_size");
        cases.put(Ticks.node("binance", "trade", "BTC", 1.0, T0, "p").put("size", 1.0).without("eventTime").toString(), "invalid_event_time");
        cases.put(Ticks.node("binance", "trade", "BTC", 1.0, T0, "").put("size", 1.0).toString(), "missing_id");
        cases.put(Ticks.node("binance", "quote", "BTC", 1.0, T0, "q").without("id").toString(), "missing_id");
        // valid: a quote needs no size, and the quote currency is not needed by any metric
        cases.put(Ticks.node("binance", "quote", "BTC", 1.0, T0, "r").without("quote").toString(), null);

        List<String> values = List.copyOf(cases.keySet());
        List<Row> rows = TickParser.validate(LocalSpark.records(values))
                .select("kafka_offset", TickParser.REJECT_REASON).orderBy("kafka_offset").collectAsList();

        assertThat(rows).hasSize(values.size());
        for (Row r : rows) {
            String value = values.get((int) r.getLong(0));
            assertThat(r.<String>getAs(TickParser.REJECT_REASON)).as(value).isEqualTo(cases.get(value));
        }
        assertThat(TickParser.REASONS).containsAll(cases.values().stream().filter(v -> v != null).toList());
        assertThat(TickParser.parse(LocalSpark.records(values)).count()).isEqualTo(1);
    }

    @Test
    void aQuoteThatCarriesASizeHasNoVolume() {
        String quote = Ticks.node("binance", "quote", "BTC", 10.0, T0, "q1").put("size", 3.0).toString();

        Row tick = TickParser.parse(LocalSpark.records(List.of(quote))).first();

        assertThat(tick.<Double>getAs("size")).isNull();
    }
}
