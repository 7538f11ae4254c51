package io.coinpulse.spark.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream's input lag, data freshness and query progress as Prometheus metrics, served by the driver at
 * {@code http://<driver>:<port>/metrics} (port {@value #PORT_KEY}, else {@code COINPULSE_METRICS_PORT}, else
 * {@value #DEFAULT_PORT}; {@code 0} any free port, a negative one none), from the first streaming query on:
 *
 * <ul>
 * <li>{@code coinpulse_stream_input_lag_records{query,topic,partition}}: offsets the query is behind the latest
 * of each Kafka partition, as of its last micro-batch</li>
 * <li>{@code coinpulse_stream_freshness_seconds}: now minus the end of the newest micro-batch of a window query
 * ({@code window-metrics-*}) that read records (and so updated windows); since the listener started before
 * the first</li>
 * <li>per query, its last micro-batch's rates, duration, watermark and state rows, and its batches
 * ({@link QueryProgressMetrics})</li>
 * </ul>
 *
 * <p>Spark creates it from {@code spark.sql.streaming.streamingQueryListeners} ({@link #defaults}): its own
 * metrics system carries no labels, and a stalled stream reports no progress, which freshness shows.
 */
public final class StreamGauges extends StreamingQueryListener {

    public static final String PORT_KEY = "spark.coinpulse.metrics.port";
    public static final int DEFAULT_PORT = 9091;

    static final String LAG = "coinpulse_stream_input_lag_records";
    static final String FRESHNESS = "coinpulse_stream_freshness_seconds";

    private static final Logger LOG = LoggerFactory.getLogger(StreamGauges.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WINDOW_QUERIES = "window-metrics-";

    private final int port;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** (query, topic, partition) → offsets behind. */
    private final Map<Partition, Long> lag = new ConcurrentHashMap<>();
    private final AtomicLong newestUpdateMillis = new AtomicLong(System.currentTimeMillis());
    private final QueryProgressMetrics progress = new QueryProgressMetrics(registry);
    private volatile HTTPServer server;

    record Partition(String query, String topic, String partition) {
    }

    /** As Spark creates it. */
    public StreamGauges(SparkConf conf) {
        this(conf.getInt(PORT_KEY, port(System.getenv("COINPULSE_METRICS_PORT"))));
    }

    StreamGauges(int port) {
        this.port = port;
        GaugeWithCallback.builder().name(LAG)
                .help("Offsets the streaming query is behind the latest of each Kafka partition, as of its last micro-batch")
                .labelNames("query", "topic", "partition")
                .callback(callback -> lag.forEach((p, behind) -> callback.call(behind, p.query(), p.topic(), p.partition())))
                .register(registry);
        GaugeWithCallback.builder().name(FRESHNESS)
                .help("Seconds since the newest micro-batch that updated windows ended")
                .callback(callback -> callback.call(freshnessSeconds(System.currentTimeMillis())))
                .register(registry);
    }

    /** Each query's last micro-batch, for the tests. */
    QueryProgressMetrics progress() {
        return progress;
    }

    /**
     * The settings that turn the job's stream metrics on, those the submitted conf leaves unset: Spark's streaming
     * metrics (the {@code spark_streaming_*} series of the dashboards) and this listener.
     */
    public static Map<String, String> defaults(SparkConf submitted) {
        Map<String, String> unset = new HashMap<>(Map.of(
                "spark.sql.streaming.metricsEnabled", "true",
                "spark.sql.streaming.streamingQueryListeners", StreamGauges.class.getName()));
        unset.keySet().removeIf(submitted::contains);
        return unset;
    }

    /** The metrics in Prometheus' registry, for the tests. */
    PrometheusRegistry registry() {
        return registry;
    }

    /** The port the gauges are served on, once a query started (0 before, or when serving none). */
    public int boundPort() {
        HTTPServer s = server;
        return s == null ? 0 : s.getPort();
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        serve();
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        record(event.progress());
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        // the lag of a stopped query no longer changes; a restarted query reports its own
    }

    /** Takes one micro-batch's progress, lag per partition and, for a window query that read records, its end. */
    void record(StreamingQueryProgress progress) {
        String query = progress.name() == null ? progress.id().toString() : progress.name();
        this.progress.record(query, progress);
        for (SourceProgress source : progress.sources()) {
            lags(query, source.endOffset(), source.latestOffset()).forEach(lag::put);
        }
        if (query.startsWith(WINDOW_QUERIES) && progress.numInputRows() > 0) {
            long end = Instant.parse(progress.timestamp()).toEpochMilli() + progress.batchDuration();
            newestUpdateMillis.accumulateAndGet(end, Math::max);
        }
    }

    double freshnessSeconds(long nowMillis) {
        return Math.max(0, nowMillis - newestUpdateMillis.get()) / 1000.0;
    }

    /**
     * Per partition, latest minus end offset, from a Kafka source's offsets ({@code {"topic":{"0":12,"1":7}}});
     * nothing for another source or before the first batch.
     */
    static Map<Partition, Long> lags(String query, String endOffset, String latestOffset) {
        Map<Partition, Long> lags = new HashMap<>();
        JsonNode end = offsets(endOffset);
        JsonNode latest = offsets(latestOffset);
        if (end == null || latest == null) {
            return lags;
        }
        for (Iterator<Map.Entry<String, JsonNode>> topics = latest.fields(); topics.hasNext();) {
            Map.Entry<String, JsonNode> topic = topics.next();
            for (Iterator<Map.Entry<String, JsonNode>> partitions = topic.getValue().fields(); partitions.hasNext();) {
                Map.Entry<String, JsonNode> partition = partitions.next();
                JsonNode reached = end.path(topic.getKey()).path(partition.getKey());
                if (reached.canConvertToLong() && partition.getValue().canConvertToLong()) {
                    lags.put(new Partition(query, topic.getKey(), partition.getKey()),
                            Math.max(0, partition.getValue().asLong() - reached.asLong()));
                }
            }
        }
        return lags;
    }

    private static JsonNode offsets(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.isObject() ? node : null;
        } catch (IOException e) {
            return null; // not a Kafka source's offsets (a memory or file source)
        }
    }

    private synchronized void serve() {
        if (server != null || port < 0) {
            return;
        }
        try {
            server = HTTPServer.builder().port(port).registry(registry).buildAndStart();
            LOG.info("stream gauges at http://0.0.0.0:{}/metrics", server.getPort());
        } catch (IOException | RuntimeException e) {
            // the stream runs on without them; the port is taken or not allowed
            LOG.warn("stream gauges not served on port {}: {}", port, e.toString());
        }
    }

    private static int port(String value) {
        return value == null || value.isBlank() ? DEFAULT_PORT : Integer.parseInt(value.trim());
    }
}
