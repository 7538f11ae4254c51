package io.coinpulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Before a load run: the URL answers what the benchmark claims to measure. */
final class Checks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Checks() {
    }

    static String expectOk(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /**
     * Service time alone: the median of {@code n} sequential requests (each sent when the last has
     * answered), in ms. Two cores divided by it bound the rate the service can serve.
     */
    static double medianServiceMillis(String url, int n) throws IOException, InterruptedException {
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            expectOk(url);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(millis);
        return millis[n / 2];
    }

    /** Retries until the URL answers 200: after an overload the service drains its queue first. */
    static void awaitOk(String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                expectOk(url);
                return;
            } catch (IOException | IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(url + " did not answer 200 within " + timeout + ": " + e.getMessage(), e);
                }
                Thread.sleep(2000);
            }
        }
    }

    static void expectWindows(String url, int count) throws IOException, InterruptedException {
        int served = new ObjectMapper().readTree(expectOk(url)).path("windows").size();
        if (served != count) {
            throw new IllegalStateException(url + " served " + served + " windows, " + count + " expected");
        }
    }
}
