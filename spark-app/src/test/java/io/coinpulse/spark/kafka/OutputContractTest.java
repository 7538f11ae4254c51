package io.coinpulse.spark.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.contracts.TopicSchema;
import io.coinpulse.spark.analytics.Alert;
import io.coinpulse.spark.analytics.SeriesKey;
import io.coinpulse.spark.testing.LocalSpark;
import io.coinpulse.spark.testing.SampleDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

/**
 * What the job publishes conforms to the contracts module's schemas: every window of the shared dataset's
 * expected 1m windows as a {@code crypto.metrics} update (open and final), and alerts of both kinds as
 * {@code crypto.alerts} records. A change of the job's JSON that breaks the contract fails here.
 */
class OutputContractTest {

    @Test
    void everyExpectedWindowOfTheDatasetIsAValidWindowUpdate() throws IOException {
        List<Row> windows = expectedWindows();
        assertThat(windows).hasSize(53);
        for (Row window : windows) {
            assertThat(TopicSchema.WINDOW_UPDATE.validate(MetricsJson.of(window, false))).as(window.toString()).isEmpty();
            assertThat(TopicSchema.WINDOW_UPDATE.validate(MetricsJson.of(window, true))).as(window.toString()).isEmpty();
        }
    }

    @Test
    void aWindowOfQuotesOnlyHasANullVwapTheSchemaAccepts() throws IOException {
        Row trades = expectedWindows().get(0);
        Object[] values = new Object[LocalSpark.WINDOW_ROW.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = trades.get(i);
        }
        values[LocalSpark.WINDOW_ROW.fieldIndex("trade_count")] = 0L;
        values[LocalSpark.WINDOW_ROW.fieldIndex("volume_base")] = 0.0;
        values[LocalSpark.WINDOW_ROW.fieldIndex("volume_quote")] = 0.0;
        values[LocalSpark.WINDOW_ROW.fieldIndex("vwap")] = null;
        String json = MetricsJson.of(new GenericRowWithSchema(values, LocalSpark.WINDOW_ROW), false);

        assertThat(json).contains("\"vwap\":null");
        assertThat(TopicSchema.WINDOW_UPDATE.validate(json)).isEmpty();
    }

    @Test
    void aWindowUpdateMissingAFieldBreaksTheContract() throws IOException {
        String json = MetricsJson.of(expectedWindows().get(0), true).replaceFirst("\"windowEnd\":\\d+,", "");

        assertThat(TopicSchema.WINDOW_UPDATE.validate(json)).singleElement().asString().contains("windowEnd");
    }

    @Test
    void alertsOfBothKindsAreValidAlertRecords() {
        SeriesKey btc = new SeriesKey("binance", "BTC");
        Alert move = Alert.of(btc, 1_772_323_200_000L, Alert.PRICE_MOVE, -0.0123, -4.25, 3.0, 30, 1_772_323_262_000L);
        Alert spike = Alert.of(btc, 1_772_323_260_000L, Alert.VOLUME_SPIKE, 1.5e7, 6.5, 3.0, 30, 1_772_323_322_000L);

        for (Alert alert : List.of(move, spike)) {
            assertThat(TopicSchema.ALERT.validate(KafkaPublisher.json(alert))).as(alert.alertId()).isEmpty();
        }
        assertThat(KafkaPublisher.json(move)).contains("\"alertId\":\"binance:BTC:price_move:1772323200000\"");
    }

    /**
     * The expected 1m windows of {@code ticks-sample.expected-1m.csv} as rows of {@code window_metrics}. The file has
     * no standard deviation: the half range of the window stands in for it (the schema asks for a number).
     */
    private static List<Row> expectedWindows() throws IOException {
        List<String> lines = Files.readAllLines(SampleDataset.EXPECTED_1M);
        List<String> header = List.of(lines.get(0).split(","));
        return lines.subList(1, lines.size()).stream().map(line -> {
            String[] cells = line.split(",", -1);
            java.util.function.Function<String, String> cell = name -> cells[header.indexOf(name)];
            long start = Long.parseLong(cell.apply("window_start"));
            double high = Double.parseDouble(cell.apply("high"));
            double low = Double.parseDouble(cell.apply("low"));
            String vwap = cell.apply("vwap");
            Object[] values = {cell.apply("source"), cell.apply("asset"), "1m", start, start + SampleDataset.MINUTE,
                Double.parseDouble(cell.apply("open")), high, low, Double.parseDouble(cell.apply("close")),
                Double.parseDouble(cell.apply("avg_price")), Long.parseLong(cell.apply("tick_count")),
                Long.parseLong(cell.apply("trade_count")), Double.parseDouble(cell.apply("volume_base")),
                Double.parseDouble(cell.apply("volume_quote")), vwap.isEmpty() ? null : Double.parseDouble(vwap),
                (high - low) / 2, Double.parseDouble(cell.apply("pct_change"))};
            return (Row) new GenericRowWithSchema(values, LocalSpark.WINDOW_ROW);
        }).toList();
    }
}
