package io.coinpulse.spark.analytics;

import io.coinpulse.spark.jdbc.Retry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the derived analytics in step with the stream, off the micro-batch's critical path. A
 * micro-batch only {@link #mark marks} the series it changed (durably, in {@link PendingSeries}); this
 * worker, one thread on the driver, claims every pending series, recomputes them in one
 * {@link DerivedAnalytics#update} and releases the marks. Marks made while a round runs coalesce into
 * the next: under load a round covers many micro-batches, and each series is recomputed once per round
 * however many batches touched it. The outcome is the same as recomputing after every batch, since an
 * update recomputes each series from its earliest changed window on from what the database holds.
 *
 * <p>A failure for a reason that passes (the database away, a deadlock) is retried with backoff; once
 * failures have lasted longer than the retry budget, or at once for any other failure, the worker stops
 * and the next {@link #mark} throws, which fails the stream like a failing write. Nothing is lost: the
 * marks stay in the table and the next start of the job handles them first.
 */
public final class AnalyticsWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsWorker.class);
    /** Series recomputed in one round at most: the next round takes the rest. */
    static final int ROUND_LIMIT = 20_000;
    private static final Duration IDLE_POLL = Duration.ofSeconds(5);
    private static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    private final DerivedAnalytics analytics;
    private final PendingSeries pending;
    private final Consumer<List<Alert>> publish;
    private final Duration retryBudget;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Marks made (guarded by lock). */
    private long marks;
    /** Every mark up to this one is handled (guarded by lock); -1 until the first round is done. */
    private long handled = -1;
    private boolean stopping;
    private volatile Exception failure;

    // a summary line per minute instead of one per round
    private long summaryRounds;
    private long summarySeries;
    private long summaryRows;
    private long summaryMillis;
    private long lastSummary = System.nanoTime();

    /**
     * @param analytics the computation
     * @param pending the durable marks
     * @param publish receives new alerts before they are stored; null: stored only
     * @param retryBudget how long failures that pass are retried before the worker gives up
     */
    public AnalyticsWorker(DerivedAnalytics analytics, PendingSeries pending, Consumer<List<Alert>> publish, Duration retryBudget) {
        this.analytics = analytics;
        this.pending = pending;
        this.publish = publish;
        this.retryBudget = retryBudget;
        this.thread = new Thread(this::run, "coinpulse-analytics");
        this.thread.setDaemon(true);
    }

    /** Starts the worker; its first round handles what an earlier run left pending. */
    public AnalyticsWorker start() {
        thread.start();
        return this;
    }

    /**
     * Marks the series a micro-batch changed (series → start of its earliest changed 1m window),
     * durably, after the batch has upserted them, and wakes the worker.
     *
     * @throws SQLException when the marks cannot be stored
     * @throws IllegalStateException when the worker has failed (its cause attached)
     */
    public void mark(Map<SeriesKey, Long> earliest) throws SQLException {
        Exception failed = failure;
        if (failed != null) {
            throw new IllegalStateException("the derived analytics failed: " + failed.getMessage(), failed);
        }
        if (earliest.isEmpty()) {
            return;
        }
        pending.mark(earliest, System.currentTimeMillis());
        changeAndSignal(() -> marks++);
    }

    /**
     * Waits until every mark made so far is handled (at least one round done), the worker failed, or
     * the timeout passed.
     *
     * @return true when everything marked is handled
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = marks;
            changed.signalAll();
            while (handled < target && failure == null && thread.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return handled >= target;
        } finally {
            lock.unlock();
        }
    }

    /** The failure that stopped the worker, or null. */
    public Exception failure() {
        return failure;
    }

    /** Stops after the round under way; what is still marked stays for the next start. */
    @Override
    public void close() throws InterruptedException {
        changeAndSignal(() -> stopping = true);
        thread.join(TimeUnit.MINUTES.toMillis(1));
    }

    /** Changes the state under the lock and wakes every waiter. */
    private void changeAndSignal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            long seen;
            lock.lock();
            try {
                // sleep while every mark is handled; the poll also picks up marks of another writer
                if (handled >= marks && !stopping) {
                    changed.await(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
                if (stopping) {
                    return;
                }
                seen = marks;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                // a round that starts after mark n is stored claims every series of it (or a later mark of it)
                Retry.withBudget("derived analytics", retryBudget, () -> {
                    while (round() == ROUND_LIMIT) {
                        LOG.debug("more than {} series pending: another round at once", ROUND_LIMIT);
                    }
                });
                changeAndSignal(() -> handled = Math.max(handled, seen));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.error("derived analytics failed, the stream stops at its next micro-batch (the pending series"
                        + " stay marked for the next start): {}", e.getMessage(), e);
                changeAndSignal(() -> failure = e);
                return;
            }
        }
    }

    /** Claims, recomputes and releases one set of pending series; returns how many were claimed. */
    private int round() throws SQLException {
        long started = System.nanoTime();
        List<PendingSeries.Entry> claimed = pending.claim(ROUND_LIMIT);
        if (claimed.isEmpty()) {
            return 0;
        }
        Map<SeriesKey, Long> earliest = claimed.stream()
                .collect(Collectors.toMap(PendingSeries.Entry::key, PendingSeries.Entry::fromStart));
        DerivedAnalytics.Outcome outcome = analytics.update(earliest, System.currentTimeMillis(), publish);
        pending.release(claimed);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.debug("analytics round: {} series, {} indicator values, {} rankings, {} new alerts in {} ms", claimed.size(),
                outcome.indicatorValues(), outcome.rankings(), outcome.newAlerts().size(), millis);
        summarise(claimed.size(), outcome.indicatorValues(), millis);
        return claimed.size();
    }

    private void summarise(int series, int rows, long millis) throws SQLException {
        summaryRounds++;
        summarySeries += series;
        summaryRows += rows;
        summaryMillis += millis;
        if (System.nanoTime() - lastSummary < SUMMARY_EVERY.toNanos()) {
            return;
        }
        PendingSeries.Lag lag = pending.lag();
        LOG.info("analytics: {} rounds, {} series, {} indicator values in {} ms over the last minute; now pending: {} series{}",
                summaryRounds, summarySeries, summaryRows, summaryMillis, lag.series(),
                lag.oldestMarkedAt() == null ? "" : ", oldest marked " + (System.currentTimeMillis() - lag.oldestMarkedAt()) + " ms ago");
        summaryRounds = 0;
        summarySeries = 0;
        summaryRows = 0;
        summaryMillis = 0;
        lastSummary = System.nanoTime();
    }
}
