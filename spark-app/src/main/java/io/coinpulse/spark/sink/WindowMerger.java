package io.coinpulse.spark.sink;

import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.kafka.ExecutorProducers;
import io.coinpulse.spark.kafka.KafkaPublisher;
import io.coinpulse.spark.kafka.MetricsJson;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of a micro-batch's partial windows ({@code PartialWindows}), on an executor: reads
 * the stored windows of its keys, merges ({@link WindowState#merge}), upserts the merged windows in
 * one transaction, then publishes them to {@code crypto.metrics} and gathers the earliest 1m window
 * per series for the derived analytics. The partition's keys are its own (the aggregation's
 * shuffle), so no other task writes them.
 *
 * <p>Idempotent per batch: a stored row already merged by this batch or a later one
 * ({@code merged_batch >= batchId}, a retried or replayed batch) is not merged again; its stored
 * state is published again (at-least-once, as after any retry). A row another query merged (a new
 * checkpoint reading the topic again) fails the batch: merging would count its ticks twice.
 */
final class WindowMerger implements ForeachPartitionFunction<Row> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WindowMerger.class);
    static final String OTHER_QUERY = "window %s/%s/%s/%d was merged by another one-pass stream (query %s, another checkpoint), not"
            + " by this one (query %s): merging would count the ticks both read twice. Go on with that stream's checkpoint, or"
            + " empty window_metrics first (spark-app/README.md, Stream plans)";

    private final DbSettings db;
    private final long batchId;
    private final String queryId;
    private final HashMap<String, Object> producerProperties;
    private final String topic;
    private final LongAccumulator upserted;
    private final EarliestWindows earliest;

    /**
     * @param producerProperties Kafka producer settings, or null: no publishing
     * @param earliest gathers the earliest 1m window per series, or null
     */
    WindowMerger(DbSettings db, long batchId, String queryId, Map<String, Object> producerProperties, String topic, LongAccumulator upserted,
            EarliestWindows earliest) {
        this.db = db;
        this.batchId = batchId;
        this.queryId = queryId;
        this.producerProperties = producerProperties == null ? null : new HashMap<>(producerProperties);
        this.topic = topic;
        this.upserted = upserted;
        this.earliest = earliest;
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
        List<WindowState> partials = new ArrayList<>();
        rows.forEachRemaining(r -> partials.add(partial(r)));
        if (partials.isEmpty()) {
            return;
        }
        List<WindowState> current = new ArrayList<>(partials.size());
        try (Connection c = db.connect()) {
            List<WindowState> merged = merge(partials, WindowStateRepository.read(c, partials), current);
            WindowStateRepository.upsert(c, merged, batchId, queryId);
            upserted.add(merged.size());
        } catch (SQLException e) {
            throw new SQLException("merge of " + partials.size() + " windows into window_metrics at " + db.redactedUrl()
                    + " failed: " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
        if (producerProperties != null) {
            List<ProducerRecord<String, String>> records = new ArrayList<>(current.size());
            for (WindowState w : current) {
                records.add(new ProducerRecord<>(topic, w.asset(), MetricsJson.of(w::column, false)));
            }
            KafkaPublisher.sendAll(ExecutorProducers.of(producerProperties), records);
        }
        if (earliest != null) {
            current.stream().filter(w -> w.windowSize().equals("1m"))
                    .forEach(w -> earliest.add(w.source(), w.asset(), w.windowStart()));
        }
    }

    /**
     * The windows to write: each partial merged into its stored state (or as it is, for a new
     * window or a row without state); adds to {@code current} every window's state after this batch.
     */
    private List<WindowState> merge(List<WindowState> partials, Map<String, WindowStateRepository.Stored> stored,
            List<WindowState> current) {
        List<WindowState> toWrite = new ArrayList<>(partials.size());
        for (WindowState p : partials) {
            WindowStateRepository.Stored s = stored.get(p.key());
            if (s != null && s.mergedBy() != null && !s.mergedBy().equals(queryId)) {
                throw new IllegalStateException(OTHER_QUERY.formatted(p.source(), p.asset(), p.windowSize(), p.windowStart(),
                        s.mergedBy(), queryId));
            }
            if (s != null && s.mergedBatch() != null && s.mergedBatch() >= batchId) {
                if (s.state() != null) {
                    current.add(s.state());
                }
                continue;
            }
            WindowState next = s == null || s.state() == null ? p : s.state().merge(p);
            if (!next.storable()) {
                LOG.error("window {}/{}/{}/{} has a metric that is not a finite number, not written: {}",
                        p.source(), p.asset(), p.windowSize(), p.windowStart(), next);
                continue;
            }
            toWrite.add(next);
            current.add(next);
        }
        return toWrite;
    }

    private static WindowState partial(Row r) {
        return new WindowState(r.getAs("source"), r.getAs("asset"), r.getAs("window_size"), r.<Long>getAs("window_start"),
                r.<Long>getAs("window_end"), r.<Long>getAs("tick_count"), r.<Long>getAs("trade_count"), r.<Double>getAs("volume_base"),
                r.<Double>getAs("volume_quote"), r.<Double>getAs("high"), r.<Double>getAs("low"), r.<BigDecimal>getAs("open_order"),
                r.<Double>getAs("open"), r.<BigDecimal>getAs("close_order"), r.<Double>getAs("close"), r.<Double>getAs("price_mean"),
                r.<Double>getAs("price_m2"));
    }
}
