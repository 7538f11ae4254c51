package io.coinpulse.bench.tutorial;

import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the tutorial query's start and each micro-batch in the lines bench/run reads from the
 * product's job ({@code <query> started (id …)}, {@code <query> batch <id>: <n> records in}), so both
 * are measured alike; counts down {@code terminated} when the query has ended.
 */
final class BatchLog extends StreamingQueryListener {

    private static final Logger LOG = LoggerFactory.getLogger(BatchLog.class);

    private final CountDownLatch terminated;

    BatchLog(CountDownLatch terminated) {
        this.terminated = terminated;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        LOG.info("{} started (id {}, run {})", event.name(), event.id(), event.runId());
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        LOG.info("{} batch {}: {} records in, ms {}", event.progress().name(), event.progress().batchId(),
                event.progress().numInputRows(), event.progress().durationMs());
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        terminated.countDown();
    }
}
