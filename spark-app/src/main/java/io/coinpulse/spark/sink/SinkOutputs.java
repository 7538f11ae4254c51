package io.coinpulse.spark.sink;

import io.coinpulse.spark.analytics.AnalyticsWorker;
import io.coinpulse.spark.config.DbSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a window sink's micro-batches go, whatever its plan: the database, the monitor, the derived
 * analytics, {@code crypto.metrics}, and how long a failing batch is retried.
 *
 * @param analytics the worker keeping the derived analytics in step, or null
 * @param publishFinal publishes windows as they become final (on the driver), or null
 * @param producerProperties the Kafka producer's settings (bootstrap servers, security), or null: no publishing
 * @param metricsTopic topic of window updates
 */
public record SinkOutputs(DbSettings db, BatchWritten monitor, AnalyticsWorker analytics,
        Consumer<List<Map.Entry<String, String>>> publishFinal, Map<String, Object> producerProperties, String metricsTopic,
        Duration retryBudget) {

    public SinkOutputs {
        producerProperties = producerProperties == null ? null : new HashMap<>(producerProperties);
    }

    /** Upserts and finality only (tests of the skeleton): no analytics, no Kafka; a failing batch retries for 30 s. */
    public static SinkOutputs databaseOnly(DbSettings db, BatchWritten monitor) {
        return new SinkOutputs(db, monitor, null, null, null, null, Duration.ofSeconds(30));
    }

    /** The same outputs without the derived analytics (a query other than the 1m one). */
    public SinkOutputs withoutAnalytics() {
        return new SinkOutputs(db, monitor, null, publishFinal, producerProperties, metricsTopic, retryBudget);
    }
}
