package io.coinpulse.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-model HTTP load at a constant request rate, wrk2-style: request k is due at
 * {@code start + k/rate} whether or not earlier ones have answered, and its latency is measured from
 * that due time (no coordinated omission), recorded in an HdrHistogram. The JDK's asynchronous
 * HttpClient sends; nothing waits for a response before the next request. Requests carry
 * {@code Accept-Encoding: gzip}, as browsers, {@code curl --compressed} and Grafana send it; the
 * body is read to its end, not decoded ({@link Checks#expectWindows} decodes and checks it once).
 */
final class ConstantRateClient {

    /**
     * Latencies in microseconds of the measured requests (warm-up left out), how many did not answer
     * 200 in time, and the rate of answers over the measured interval.
     */
    record Result(String url, double rate, long requests, long errors, Histogram latencyMicros, double answeredRate) {

        /** Every request answered 200 and p99 under a second: the rate was served, whatever the latency target. */
        boolean served() {
            return errors == 0 && latencyMicros.getTotalCount() > 0 && percentileMillis(99) < 1000;
        }

        double percentileMillis(double p) {
            return latencyMicros.getValueAtPercentile(p) / 1000.0;
        }

        double maxMillis() {
            return latencyMicros.getMaxValue() / 1000.0;
        }
    }

    private ConstantRateClient() {
    }

    /** A GET of {@code url} as the load sends it: accepting gzip, answered within 10 s. */
    static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(10))
                .build();
    }

    static Result run(String url, double ratePerSec, Duration warmup, Duration duration) throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = request(url);
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        AtomicLong outstandingMeasured = new AtomicLong();
        long periodNanos = (long) (1e9 / ratePerSec);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        long measured = 0;
        for (long k = 0; ; k++) {
            long due = start + k * periodNanos;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean record = due >= measureFrom;
            if (record) {
                measured++;
            }
            outstanding.incrementAndGet();
            if (record) {
                outstandingMeasured.incrementAndGet();
            }
            // the body is read to its end (its time counts) and dropped: a day of windows at 2,000/s is 250 MB/s gzip
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long micros = (System.nanoTime() - due) / 1000;
                if (record) {
                    recorder.recordValue(Math.max(1, micros));
                    if (failure != null || response.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                    outstandingMeasured.decrementAndGet();
                }
                outstanding.decrementAndGet();
            });
        }
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
            Thread.sleep(10);
        }
        executor.shutdownNow();
        Histogram h = recorder.getIntervalHistogram();
        // a request still unanswered 15 s after the last was due counts as an error
        return new Result(url, ratePerSec, measured, errors.get() + outstandingMeasured.get(), h,
                h.getTotalCount() / (duration.toNanos() / 1e9));
    }
}
