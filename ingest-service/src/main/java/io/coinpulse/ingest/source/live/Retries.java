package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.config.IngestConfig;
import io.smallrye.faulttolerance.api.Guard;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The retry policy of every live source, as a SmallRye Fault Tolerance {@link Guard}: unlimited retries with
 * exponential backoff (factor 2, from {@code initial-delay} up to {@code max-delay}) and random jitter, so a
 * lost exchange is retried quickly at first and then gently, and many clients do not retry in step.
 */
final class Retries {

    /** Retries go on for as long as the source runs. */
    private static final long FOREVER_DAYS = 365L * 100;

    private Retries() {
    }

    /**
     * A guard that retries failures {@code retryable} accepts; others (a stop, an HTTP 4xx, a rate limit) go
     * straight to the caller. {@code beforeRetry} sees each failure before its retry.
     */
    static Guard.Builder backoff(String description, IngestConfig.Retry retry, Predicate<Throwable> retryable,
            Consumer<Throwable> beforeRetry) {
        long initial = Math.max(1, retry.initialDelay().toMillis());
        long max = Math.max(initial, retry.maxDelay().toMillis());
        long jitter = Math.max(0, Math.min(retry.jitter().toMillis(), initial));
        return Guard.create().withDescription(description)
                .withRetry()
                .maxRetries(-1)
                .maxDuration(FOREVER_DAYS, ChronoUnit.DAYS)
                .delay(initial, ChronoUnit.MILLIS)
                .jitter(jitter, ChronoUnit.MILLIS)
                .withExponentialBackoff().factor(2).maxDelay(max, ChronoUnit.MILLIS).done()
                .whenException(retryable)
                .beforeRetry(beforeRetry)
                .done();
    }
}
