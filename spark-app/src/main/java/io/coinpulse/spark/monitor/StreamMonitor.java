package io.coinpulse.spark.monitor;

import io.coinpulse.spark.analytics.SeriesKey;
import io.coinpulse.spark.sink.BatchWritten;
import io.coinpulse.spark.transform.TickParser;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the window-metrics queries through their progress reports (one per micro-batch,
 * no-data batches included), observation only: makes late records (dropped behind the watermark)
 * and rejected records visible, records each batch in {@code stream_batches}, and writes the one
 * INFO line per micro-batch with what the sink reported ({@link BatchWritten}).
 */
public final class StreamMonitor extends StreamingQueryListener implements BatchWritten {

    private static final Logger LOG = LoggerFactory.getLogger(StreamMonitor.class);

    private final MonitorRepository records;
    private final LateRecordCounter lateCounter;
    private final TaskMetricsListener tasks;
    /** Query name → source/asset → late records since this monitor started. */
    private final Map<String, Map<SeriesKey, AtomicLong>> lateByAsset = new ConcurrentHashMap<>();
    /** Query name → window size label. */
    private final Map<String, String> windowSizes = new ConcurrentHashMap<>();
    private final Map<String, Long> upserted = new ConcurrentHashMap<>();
    /** Milliseconds of each phase of the sink per batch, for the batch's log line. */
    private final Map<String, Map<String, Long>> sinkPhases = new ConcurrentHashMap<>();
    private final Map<String, Integer> finalized = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> late = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
    private final Set<UUID> terminated = ConcurrentHashMap.newKeySet();

    /** Counters and log lines only. */
    public StreamMonitor() {
        this(null, null, null);
    }

    /**
     * @param records where each micro-batch and its late records are recorded, or null
     * @param lateCounter counts a batch's late records per asset, or null
     * @param tasks the CPU and memory of each micro-batch's tasks, or null
     */
    public StreamMonitor(MonitorRepository records, LateRecordCounter lateCounter, TaskMetricsListener tasks) {
        this.records = records;
        this.lateCounter = lateCounter;
        this.tasks = tasks;
    }

    /** Late records per source/asset of a query since this monitor started. */
    public Map<SeriesKey, Long> lateRecordsByAsset(String queryName) {
        Map<SeriesKey, Long> out = new TreeMap<>();
        lateByAsset.getOrDefault(queryName, Map.of()).forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Watches the query named {@code queryName}, which writes windows of size {@code windowSizeLabel}. */
    public void register(String queryName, String windowSizeLabel) {
        windowSizes.put(queryName, windowSizeLabel);
        late.putIfAbsent(queryName, new AtomicLong());
        rejected.putIfAbsent(queryName, new AtomicLong());
    }

    /** The sink's report of a written micro-batch, for the batch's log line. */
    @Override
    public void written(String queryName, long batchId, long rows, int finalizedWindows, Map<String, Long> phases) {
        upserted.put(queryName + "#" + batchId, rows);
        if (finalizedWindows > 0) {
            finalized.put(queryName + "#" + batchId, finalizedWindows);
        }
        if (!phases.isEmpty()) {
            sinkPhases.put(queryName + "#" + batchId, phases);
        }
    }

    /** Records dropped behind the watermark since this monitor started. */
    public long lateRecords(String queryName) {
        AtomicLong n = late.get(queryName);
        return n == null ? 0 : n.get();
    }

    /** Records rejected as invalid since this monitor started. */
    public long rejectedRecords(String queryName) {
        AtomicLong n = rejected.get(queryName);
        return n == null ? 0 : n.get();
    }

    /**
     * Waits until this listener has handled the termination of {@code queryId}, so every progress
     * report of the query has been handled before it.
     */
    public boolean awaitTerminated(UUID queryId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!terminated.contains(queryId)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        if (windowSizes.containsKey(String.valueOf(event.name()))) {
            LOG.info("{} started (id {}, run {})", event.name(), event.id(), event.runId());
        }
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress p = event.progress();
        String size = p.name() == null ? null : windowSizes.get(p.name());
        if (size == null) {
            return;
        }
        Long rows = upserted.remove(p.name() + "#" + p.batchId());
        Map<String, Long> phases = sinkPhases.remove(p.name() + "#" + p.batchId());
        long watermark = watermarkMs(p);
        Integer finals = finalized.remove(p.name() + "#" + p.batchId());
        if (rows != null || finals != null) {
            LOG.info("{} batch {}: {} records in, {} window rows upserted, {} windows final, watermark {}, ms {}{}", p.name(),
                    p.batchId(), p.numInputRows(), rows == null ? 0 : rows, finals == null ? 0 : finals,
                    watermark > 0 ? Instant.ofEpochMilli(watermark) : "none yet", new TreeMap<>(p.durationMs()),
                    phases == null ? "" : ", sink ms " + phases);
        }
        long dropped = 0;
        for (StateOperatorProgress op : p.stateOperators()) {
            dropped += Math.max(0, op.numRowsDroppedByWatermark());
        }
        if (dropped > 0) {
            long total = late.get(p.name()).addAndGet(dropped);
            LOG.warn("{} batch {}: {} late records dropped, behind watermark {} (coinpulse.watermark){}; {} since start",
                    p.name(), p.batchId(), dropped, Instant.ofEpochMilli(watermark), lateByAsset(p, size, watermark, dropped), total);
        }
        record(p, size, watermark, rows == null ? 0 : rows, dropped);
        Row counts = p.observedMetrics() == null ? null : p.observedMetrics().get(TickParser.REJECTED_METRICS);
        if (counts != null) {
            Map<String, Long> byReason = new LinkedHashMap<>();
            long sum = 0;
            for (String reason : TickParser.REASONS) {
                Object value = counts.getAs(reason);
                long n = value == null ? 0 : ((Number) value).longValue();
                if (n > 0) {
                    byReason.put(reason, n);
                    sum += n;
                }
            }
            if (sum > 0) {
                long total = rejected.get(p.name()).addAndGet(sum);
                LOG.warn("{} batch {}: {} invalid records skipped {}; {} since start", p.name(), p.batchId(), sum,
                        byReason, total);
            }
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        terminated.add(event.id());
        if (event.exception().isDefined()) {
            LOG.error("query {} failed: {}", event.id(), event.exception().get());
        }
    }

    /** Counts a batch's late records per asset and records them; returns text for the log line. */
    private String lateByAsset(StreamingQueryProgress p, String size, long watermark, long dropped) {
        if (lateCounter == null || p.sources().length != 1) {
            return "";
        }
        try {
            List<LateRecordCounter.Late> counted = lateCounter.count(p.sources()[0].startOffset(), p.sources()[0].endOffset(), watermark);
            Map<SeriesKey, AtomicLong> byAsset = lateByAsset.computeIfAbsent(p.name(), n -> new ConcurrentHashMap<>());
            long sum = 0;
            for (LateRecordCounter.Late l : counted) {
                byAsset.computeIfAbsent(l.key(), k -> new AtomicLong()).addAndGet(l.records());
                sum += l.records();
            }
            if (sum != dropped) {
                LOG.warn("{} batch {}: Spark dropped {} records behind the watermark, {} counted by asset", p.name(), p.batchId(), dropped, sum);
            }
            if (records != null) {
                records.upsertLate(p.id().toString(), p.batchId(), size, watermark, counted);
            }
            return " by asset " + counted.stream().limit(20).map(l -> l.key() + "=" + l.records()).collect(Collectors.joining(", ", "{", "}"))
                    + (counted.size() > 20 ? " and " + (counted.size() - 20) + " more assets" : "");
        } catch (RuntimeException | SQLException e) {
            LOG.warn("{} batch {}: counting its late records by asset failed: {}", p.name(), p.batchId(), e.getMessage());
            return "";
        }
    }

    /** Records the micro-batch in table stream_batches: the stream side of the comparison mode. */
    private void record(StreamingQueryProgress p, String size, long watermark, long rowsWritten, long dropped) {
        // a batch that read nothing ran no tasks worth waiting for
        TaskMetricsListener.Usage usage = tasks == null ? new TaskMetricsListener.Usage(0, 0, 0)
                : tasks.take(TaskMetricsListener.batchKey(p.id().toString(), p.batchId()), p.numInputRows() > 0 ? 2000 : 0);
        if (records == null || p.numInputRows() == 0) {
            return;
        }
        Long duration = p.durationMs().get("triggerExecution");
        try {
            records.upsertBatch(new MonitorRepository.Batch(p.id().toString(), p.batchId(), p.name(), size,
                    Instant.parse(p.timestamp()).toEpochMilli(), duration == null ? 0 : duration, p.numInputRows(),
                    eventTime(p, "min"), eventTime(p, "max"), eventTime(p, "avg"), watermark > 0 ? watermark : null,
                    usage.cpuMillis(), usage.peakMemoryBytes(), dropped, rowsWritten));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("{} batch {}: recording it in stream_batches failed: {}", p.name(), p.batchId(), e.getMessage());
        }
    }

    private static Long eventTime(StreamingQueryProgress p, String which) {
        String text = p.eventTime() == null ? null : p.eventTime().get(which);
        try {
            return text == null ? null : Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long watermarkMs(StreamingQueryProgress p) {
        String text = p.eventTime() == null ? null : p.eventTime().get("watermark");
        if (text == null) {
            return 0;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            LOG.warn("{}: unreadable watermark '{}' in progress report", p.name(), text);
            return 0;
        }
    }
}
