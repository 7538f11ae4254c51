package io.coinpulse.spark.monitor;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Each streaming query's last micro-batch as Prometheus series labelled {@code query}: input and processed rows
 * per second, batch duration, event-time watermark, state rows, and the batches completed since the driver started.
 * Spark's own streaming metrics carry the query only in the metric name, so dashboards cannot aggregate them.
 */
final class QueryProgressMetrics {

    static final String INPUT_RATE = "coinpulse_stream_input_rows_per_second";
    static final String PROCESSED_RATE = "coinpulse_stream_processed_rows_per_second";
    static final String BATCH_DURATION = "coinpulse_stream_batch_duration_seconds";
    static final String WATERMARK = "coinpulse_stream_watermark_seconds";
    static final String STATE_ROWS = "coinpulse_stream_state_rows";
    static final String BATCHES = "coinpulse_stream_batches";

    /** One query's last micro-batch; {@code watermarkSeconds} is NaN for a query without a watermark. */
    record Batch(double inputRate, double processedRate, double durationSeconds, double watermarkSeconds,
            long stateRows, long batches) {
    }

    private final Map<String, Batch> last = new ConcurrentHashMap<>();

    QueryProgressMetrics(PrometheusRegistry registry) {
        gauge(registry, INPUT_RATE, "Rows per second the query read in its last micro-batch", Batch::inputRate);
        gauge(registry, PROCESSED_RATE, "Rows per second the query processed in its last micro-batch", Batch::processedRate);
        gauge(registry, BATCH_DURATION, "Duration of the query's last micro-batch", Batch::durationSeconds);
        gauge(registry, STATE_ROWS, "Rows the query's stateful operators hold after its last micro-batch", b -> b.stateRows());
        GaugeWithCallback.builder().name(WATERMARK)
                .help("The query's event-time watermark after its last micro-batch, epoch seconds")
                .labelNames("query")
                .callback(callback -> last.forEach((query, b) -> {
                    if (!Double.isNaN(b.watermarkSeconds())) {
                        callback.call(b.watermarkSeconds(), query);
                    }
                }))
                .register(registry);
        CounterWithCallback.builder().name(BATCHES)
                .help("Micro-batches the query completed since the driver started")
                .labelNames("query")
                .callback(callback -> last.forEach((query, b) -> callback.call(b.batches(), query)))
                .register(registry);
    }

    /** Takes one query's micro-batch. */
    void record(String query, StreamingQueryProgress progress) {
        long stateRows = 0;
        for (StateOperatorProgress operator : progress.stateOperators()) {
            stateRows += operator.numRowsTotal();
        }
        long state = stateRows;
        last.compute(query, (q, before) -> new Batch(progress.inputRowsPerSecond(), progress.processedRowsPerSecond(),
                progress.batchDuration() / 1000.0, watermarkSeconds(progress.eventTime()), state,
                before == null ? 1 : before.batches() + 1));
    }

    /** The last batch of a query, for the tests. */
    Batch last(String query) {
        return last.get(query);
    }

    private static double watermarkSeconds(Map<String, String> eventTime) {
        String watermark = eventTime == null ? null : eventTime.get("watermark");
        return watermark == null ? Double.NaN : Instant.parse(watermark).toEpochMilli() / 1000.0;
    }

    private void gauge(PrometheusRegistry registry, String name, String help, ToDoubleFunction<Batch> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("query")
                .callback(callback -> last.forEach((query, b) -> callback.call(value.applyAsDouble(b), query)))
                .register(registry);
    }
}
