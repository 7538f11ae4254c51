package io.coinpulse.launcher;

import io.coinpulse.devstack.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/** Follows a replaying ingest-service through its Prometheus metrics until its replay is acknowledged by Kafka. */
final class ReplayProgress {

    /** Valid ticks acknowledged on crypto.ticks and records sent to crypto.ticks.dlq. */
    record Counts(long published, long rejected) {
    }

    private final JavaProcess ingest;
    private final List<String> metricsUrls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Metrics are on the management port when the service has one, else on its HTTP port. */
    ReplayProgress(JavaProcess ingest, int httpPort, int managementPort) {
        this.ingest = ingest;
        this.metricsUrls = List.of("http://127.0.0.1:" + managementPort + "/q/metrics",
                "http://127.0.0.1:" + httpPort + "/q/metrics");
    }

    /** Hands {@code handled} the records handled so far (published or rejected) until the replay completes. */
    Counts follow(LongConsumer handled) throws InterruptedException {
        while (true) {
            if (!ingest.isAlive()) {
                throw new IllegalStateException("the replay's ingest-service exited; last log lines (" + ingest.log()
                        + "):\n" + ingest.logTail(20));
            }
            String metrics = metrics();
            if (metrics != null) {
                Counts counts = new Counts((long) PrometheusText.sum(metrics, "coinpulse_ingest_ticks_published_total"),
                        (long) PrometheusText.sum(metrics, "coinpulse_ingest_ticks_rejected_total"));
                handled.accept(counts.published() + counts.rejected());
                if (PrometheusText.sum(metrics, "coinpulse_ingest_replay_completed") >= 1) {
                    return counts;
                }
            }
            Thread.sleep(250);
        }
    }

    private String metrics() throws InterruptedException {
        for (String url : metricsUrls) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException e) {
                // not listening (yet, or not on this port)
            }
        }
        return null;
    }
}
