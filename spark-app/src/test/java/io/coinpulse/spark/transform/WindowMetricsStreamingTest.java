package io.coinpulse.spark.transform;

import static io.coinpulse.spark.testing.Ticks.T0;
import static io.coinpulse.spark.testing.Ticks.trade;
import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.testing.Rows;
import io.coinpulse.spark.testing.TickStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The job's transformations as a stream (MemoryStream, output mode update, 30 s watermark):
 * duplicates across micro-batches, late records, still-open windows updated with their full state.
 */
class WindowMetricsStreamingTest {

    /** Every row each micro-batch emitted, in order. */
    private static final List<Map<String, Object>> EMITTED = new ArrayList<>();

    private StreamingQuery query;

    @AfterEach
    void stop() throws Exception {
        if (query != null) {
            query.stop();
        }
    }

    private static String key(Map<String, Object> w) {
        return w.get("asset") + "@" + (((Long) w.get("window_start")) - T0) / 1000 + "s";
    }

    /** Drains what the last micro-batches emitted, by window. */
    private static Map<String, Map<String, Object>> drain() {
        synchronized (EMITTED) {
            Map<String, Map<String, Object>> out = new TreeMap<>();
            EMITTED.forEach(w -> out.put(key(w), w));
            EMITTED.clear();
            return out;
        }
    }

    private StreamingQuery start(TickStream input) throws Exception {
        Dataset<Row> ticks = TickDeduplicator.deduplicate(
                TickParser.observeRejected(TickParser.validate(input.records())), "30 seconds");
        VoidFunction2<Dataset<Row>, Long> collect = (batch, id) -> {
            List<Map<String, Object>> rows = Rows.collect(batch);
            synchronized (EMITTED) {
                EMITTED.addAll(rows);
            }
        };
        drain();
        return WindowMetrics.aggregate(ticks, WindowSize.parse("1m")).writeStream()
                .queryName("window-metrics-streaming-test")
                .outputMode(OutputMode.Update())
                .option("checkpointLocation", Path.of("target", "checkpoints", UUID.randomUUID().toString()).toAbsolutePath().toUri().toString())
                .foreachBatch(collect)
                .start();
    }

    @Test
    void duplicatesAndLateRecordsAreDroppedAndOpenWindowsUpdated() throws Exception {
        TickStream input = new TickStream();
        query = start(input);

        input.add(trade("BTC", 100, 1, T0 + 10_000, "a"),
                trade("BTC", 200, 1, T0 + 70_000, "b"),
                "{\"source\":\"binance\",\"kind\":\"trade\",");
        query.processAllAvailable();
        Map<String, Map<String, Object>> first = drain();
        assertThat(first).containsOnlyKeys("BTC@0s", "BTC@60s");
        assertThat(first.get("BTC@0s")).containsEntry("tick_count", 1L).containsEntry("open", 100.0);
        assertThat(first.get("BTC@60s")).containsEntry("tick_count", 1L).containsEntry("open", 200.0);

        // the watermark is now T0+70s - 30s = T0+40s
        input.add(trade("BTC", 200, 1, T0 + 70_000, "b"),  // retransmission: a duplicate within the watermark
                trade("BTC", 90, 1, T0 + 20_000, "c"),      // late: behind the watermark
                trade("BTC", 110, 1, T0 + 50_000, "d"));    // on time, in the still open first window
        query.processAllAvailable();
        Map<String, Map<String, Object>> second = drain();
        assertThat(second).as("only the window that changed, with its full state").containsOnlyKeys("BTC@0s");
        assertThat(second.get("BTC@0s"))
                .containsEntry("tick_count", 2L)
                .containsEntry("open", 100.0)
                .containsEntry("close", 110.0)
                .containsEntry("low", 100.0)
                .containsEntry("high", 110.0)
                .containsEntry("volume_base", 2.0)
                .containsEntry("volume_quote", 210.0);

        List<StreamingQueryProgress> progress = Arrays.asList(query.recentProgress());
        long late = progress.stream().flatMap(p -> Arrays.stream(p.stateOperators()))
                .mapToLong(StateOperatorProgress::numRowsDroppedByWatermark).sum();
        assertThat(late).as("records dropped behind the watermark").isEqualTo(1);
        long malformed = progress.stream().map(p -> p.observedMetrics().get(TickParser.REJECTED_METRICS))
                .filter(r -> r != null).mapToLong(r -> r.<Long>getAs("malformed_json")).sum();
        assertThat(malformed).isEqualTo(1);
        StreamingQueryProgress withSecondBatch = progress.stream().filter(p -> p.numInputRows() == 3).reduce((a, b) -> b).orElseThrow();
        assertThat(Instant.parse(withSecondBatch.eventTime().get("watermark"))).isEqualTo(Instant.ofEpochMilli(T0 + 40_000));
    }

    @Test
    void aWindowPassedByTheWatermarkTakesNoMoreRecords() throws Exception {
        TickStream input = new TickStream();
        query = start(input);

        input.add(trade("ETH", 10, 1, T0 + 5_000, "e1"));
        query.processAllAvailable();
        input.add(trade("ETH", 20, 1, T0 + 130_000, "e2")); // watermark -> T0+100s: the first window is final
        query.processAllAvailable();
        drain();

        input.add(trade("ETH", 30, 1, T0 + 59_000, "e3"),  // for the final window: dropped
                trade("ETH", 40, 1, T0 + 101_000, "e4")); // behind nothing: its window ends at T0+120s
        query.processAllAvailable();

        Map<String, Map<String, Object>> emitted = drain();
        assertThat(emitted).containsOnlyKeys("ETH@60s");
        assertThat(emitted.get("ETH@60s")).containsEntry("tick_count", 1L).containsEntry("open", 40.0);
    }
}
