package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.metrics.SourceMeters;
import io.coinpulse.ingest.source.SourceStatus;
import io.coinpulse.ingest.source.SourceStatus.State;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A REST poller of a live source (Quarkus REST Client calls), on its own thread: every {@code interval} it
 * runs its {@link Cycle}, whose requests go through {@link #fetch}:
 *
 * <ul>
 * <li>a per-minute request budget (a SmallRye Fault Tolerance rolling rate limit): a request beyond it waits
 * until the window lets it through (counted as {@code rate.limited{reason=budget}});</li>
 * <li>HTTP 429: the request waits what {@code Retry-After} says (delay-seconds or HTTP-date; the configured
 * default without one), then is sent again (counted as {@code rate.limited{reason=http_429}});</li>
 * <li>connection failures, timeouts, 408 and 5xx: retried with exponential backoff and jitter ({@link Retries});</li>
 * <li>other 4xx (a wrong key, a wrong URL): the cycle stops; the next one starts at the next interval.</li>
 * </ul>
 *
 * <p>Each 2xx body goes, stamped with its arrival time, to the source's {@link FrameSink}; one longer than
 * {@code coinpulse.ingest.max-frame-bytes} is not read further and goes to the DLQ as {@code oversized} with its
 * first 256 characters.
 */
public final class Poller implements LivePart {

    /** One poll: the requests of one interval, each through the given {@link Poller}'s {@link #fetch}. */
    @FunctionalInterface
    public interface Cycle {
        void run(Poller poller) throws Exception;
    }

    private static final int BODY_START = 200;

    /** Characters of an oversized body kept as its DLQ payload. */
    private static final int EXCERPT_CHARS = 256;


    private final String source;
    private final String label;
    private final Duration interval;
    private final Cycle cycle;
    private final FrameSink sink;
    private final IngestConfig.Live live;
    private final int maxFrameBytes;
    private final SourceMeters meters;
    private final Secrets secrets;
    private final Guard guard;
    private final Thread thread;
    private final CompletableFuture<Void> firstCycle = new CompletableFuture<>();
    private volatile boolean stopped;
    private volatile int failedAttempts;
    private volatile SourceStatus status = SourceStatus.of(State.IDLE, "not started");

    /**
     * @param label             what it polls, for people (host and path, never a key)
     * @param requestsPerMinute the request budget, all requests of this poller together
     */
    public Poller(String source, String label, Duration interval, int requestsPerMinute, Cycle cycle, FrameSink sink,
            IngestConfig config, SourceMeters meters, Secrets secrets) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalStateException(source + ": the poll interval must be positive, got " + interval);
        }
        if (requestsPerMinute < 1) {
            throw new IllegalStateException(source + ": requests-per-minute must be at least 1, got " + requestsPerMinute);
        }
        this.source = source;
        this.label = label;
        this.interval = interval;
        this.cycle = cycle;
        this.sink = sink;
        this.live = config.live();
        this.maxFrameBytes = config.maxFrameBytes();
        this.meters = meters;
        this.secrets = secrets;
        this.guard = Retries.backoff(source + " " + label, live.retry(), this::retryable, this::beforeRetry)
                .withRateLimit().limit(requestsPerMinute).window(1, ChronoUnit.MINUTES).type(RateLimitType.ROLLING).done()
                .build();
        this.thread = new Thread(this::run, "ingest-" + source + "-poll");
        this.thread.setDaemon(true);
    }

    /**
     * Whether a GET answers 2xx within the configured timeouts: empty when it does, else why not (scrubbed).
     */
    public static Optional<String> probe(String what, Callable<Response> call, Secrets secrets) {
        try (Response response = call.call()) {
            if (response.getStatus() / 100 == 2) {
                return Optional.empty();
            }
            return Optional.of("HTTP " + response.getStatus() + " from " + what);
        } catch (Exception e) {
            return Optional.of(what + ": " + secrets.describe(e));
        }
    }

    @Override
    public void start() {
        status = SourceStatus.of(State.STARTING, "first poll of " + label);
        thread.start();
    }

    @Override
    public void stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public SourceStatus status() {
        return status;
    }

    /** Completes after the first cycle that ran to its end (its frames are in the sink). */
    public CompletableFuture<Void> firstCycle() {
        return firstCycle;
    }

    /**
     * GETs one resource under the budget, 429 and retry rules above and hands its 2xx body to the sink.
     *
     * @param what the request for people ({@code GET /coins/markets page 2}), never a key
     * @return the body
     * @throws HttpStatusException on a 4xx other than 429 (the cycle should stop)
     */
    public String fetch(String what, Callable<Response> call) throws Exception {
        while (true) {
            checkStopped();
            try {
                String body = guard.call(() -> read(what, call.call()), String.class);
                failedAttempts = 0;
                sink.accept(body, System.currentTimeMillis());
                return body;
            } catch (OversizedBodyException e) {
                failedAttempts = 0;
                Log.warnf("source %s: %s", source, e.getMessage());
                sink.oversized(e.getMessage(), e.excerpt, System.currentTimeMillis());
                return "";
            } catch (RateLimitException e) {
                meters.rateLimited(SourceMeters.BUDGET);
                long wait = Math.max(e.getRetryAfterMillis(), 100);
                status = SourceStatus.of(status.state(), label + ": request budget used up, " + what + " waits "
                        + wait + " ms");
                Log.debugf("source %s: %s waits %d ms for the request budget", source, what, wait);
                sleep(wait);
            } catch (HttpStatusException e) {
                if (!e.rateLimited()) {
                    throw e;
                }
                meters.rateLimited(SourceMeters.HTTP_429);
                meters.reconnecting();
                status = SourceStatus.of(State.RETRYING, label + ": " + secrets.scrub(e.getMessage()) + " at "
                        + Instant.now() + "; waiting " + e.retryAfter().toMillis() + " ms (Retry-After)");
                Log.warnf("source %s: rate limited (HTTP 429) on %s; waiting %d ms as Retry-After asks", source, what,
                        e.retryAfter().toMillis());
                sleep(e.retryAfter().toMillis());
            }
        }
    }

    /** The body of a 2xx response as text, exactly as received; anything else as an {@link HttpStatusException}. */
    private String read(String what, Response response) throws HttpStatusException, OversizedBodyException {
        int code;
        String body;
        String retryAfterHeader;
        try (response) {
            code = response.getStatus();
            retryAfterHeader = response.getHeaderString("Retry-After");
            if (code / 100 == 2) {
                return response.hasEntity() ? readBounded(what, response) : "";
            }
            body = response.hasEntity() ? errorStart(response) : "";
        }
        Duration retryAfter = code == 429
                ? RetryAfter.parse(retryAfterHeader, Instant.now(), live.retry().defaultRetryAfter())
                : Duration.ZERO;
        String start = body == null ? null : secrets.scrub(body.length() <= BODY_START ? body : body.substring(0, BODY_START) + "…");
        throw new HttpStatusException(what, code, retryAfter, start == null ? null : start.replace('\n', ' '));
    }

    /**
     * The body as UTF-8 text, read up to {@code max-frame-bytes}: a longer one (by its Content-Length, or once more
     * bytes than that arrived) is not read further and comes back as an {@link OversizedBodyException} with its
     * first {@link #EXCERPT_CHARS} characters.
     */
    private String readBounded(String what, Response response) throws OversizedBodyException {
        long declared = contentLength(response);
        try (InputStream in = response.readEntity(InputStream.class)) {
            if (declared > maxFrameBytes) {
                throw new OversizedBodyException(what, " (Content-Length: " + declared + " bytes)", maxFrameBytes,
                        excerpt(in.readNBytes(EXCERPT_CHARS * 4)));
            }
            byte[] bytes = in.readNBytes(maxFrameBytes + 1);
            if (bytes.length > maxFrameBytes) {
                throw new OversizedBodyException(what, "", maxFrameBytes, excerpt(bytes));
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Content-Length the response declares, -1 without one (chunked) or when it is not a number. */
    private static long contentLength(Response response) {
        String header = response.getHeaderString("Content-Length");
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The first {@link #EXCERPT_CHARS} characters of a body's start, scrubbed of secrets. */
    private String excerpt(byte[] start) {
        String text = new String(start, 0, Math.min(start.length, EXCERPT_CHARS * 4), StandardCharsets.UTF_8);
        return secrets.scrub(text.substring(0, Math.min(text.length(), EXCERPT_CHARS)));
    }

    /** The start of an error response's body, never more than a few hundred bytes read. */
    private static String errorStart(Response response) {
        try (InputStream in = response.readEntity(InputStream.class)) {
            return new String(in.readNBytes(BODY_START * 4), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 2xx body longer than {@code max-frame-bytes}: not retried (it would come back as long), it goes to the DLQ. */
    private static final class OversizedBodyException extends Exception {

        final String excerpt;

        OversizedBodyException(String what, String size, int max, String excerpt) {
            super("the response to " + what + size + " is longer than coinpulse.ingest.max-frame-bytes=" + max
                    + "; not read further, the payload is its first " + EXCERPT_CHARS + " characters");
            this.excerpt = excerpt;
        }
    }

    private boolean retryable(Throwable failure) {
        if (stopped || failure instanceof StoppedException || failure instanceof InterruptedException
                || failure instanceof RateLimitException || failure instanceof OversizedBodyException) {
            return false;
        }
        return !(failure instanceof HttpStatusException http) || http.transientFailure();
    }

    private void beforeRetry(Throwable failure) {
        int attempt = ++failedAttempts;
        meters.reconnecting();
        String why = secrets.describe(failure);
        status = SourceStatus.of(State.RETRYING, label + ": attempt " + attempt + " failed at " + Instant.now() + ": " + why
                + "; retrying with backoff");
        Log.warnf("source %s: %s: attempt %d failed: %s; retrying with backoff", source, label, attempt, why);
    }

    private void run() {
        long next = System.nanoTime();
        while (!stopped) {
            try {
                cycle.run(this);
                status = SourceStatus.of(State.RUNNING, "polled " + label + " at " + Instant.now() + ", every "
                        + interval.toMillis() / 1000.0 + " s");
                firstCycle.complete(null);
            } catch (StoppedException | InterruptedException e) {
                break;
            } catch (HttpStatusException e) {
                String why = secrets.scrub(e.getMessage());
                status = SourceStatus.of(State.RETRYING, label + ": " + why + " at " + Instant.now()
                        + "; next poll in " + interval.toMillis() / 1000.0 + " s");
                Log.warnf("source %s: %s; next poll in %s", source, why, interval);
            } catch (Exception e) {
                if (stopped) {
                    break;
                }
                String why = secrets.describe(e);
                status = SourceStatus.of(State.RETRYING, label + ": " + why + " at " + Instant.now()
                        + "; next poll in " + interval.toMillis() / 1000.0 + " s");
                Log.warnf("source %s: poll of %s failed: %s", source, label, why);
            }
            next += interval.toNanos();
            long now = System.nanoTime();
            if (next - now < 0) {
                next = now; // a poll took longer than the interval: the next starts now, no burst to catch up
            }
            try {
                TimeUnit.NANOSECONDS.sleep(next - now);
            } catch (InterruptedException e) {
                break;
            }
        }
        status = SourceStatus.of(State.STOPPED, "stopped");
    }

    private void sleep(long millis) throws InterruptedException, StoppedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            checkStopped();
            Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    private void checkStopped() throws StoppedException {
        if (stopped) {
            throw new StoppedException();
        }
    }
}
