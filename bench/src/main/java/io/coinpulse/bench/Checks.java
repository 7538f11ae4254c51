package io.coinpulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * Before a load run: the URL answers what the benchmark claims to measure. Requests are sent as
 * the load sends them ({@link ConstantRateClient#request}: HTTP/1.1, {@code Accept-Encoding: gzip});
 * a gzip body is decoded before it is read.
 */
final class Checks {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Checks() {
    }

    /** A 200 body: its bytes on the wire, its encoding ({@code identity} when none) and its decoded text. */
    record Body(int wireBytes, String encoding, String text) {

        int decodedBytes() {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    static Body fetch(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(ConstantRateClient.request(url), HttpResponse.BodyHandlers.ofByteArray());
        String encoding = r.headers().firstValue("Content-Encoding").orElse("identity");
        String text;
        if ("gzip".equalsIgnoreCase(encoding)) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } else {
            text = new String(r.body(), StandardCharsets.UTF_8);
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + ": HTTP " + r.statusCode() + " " + text);
        }
        return new Body(r.body().length, encoding, text);
    }

    static String expectOk(String url) throws IOException, InterruptedException {
        return fetch(url).text();
    }

    /**
     * Service time alone: the median of {@code n} sequential requests (each sent when the last has
     * answered), in ms. Two cores divided by it bound the rate the service can serve.
     */
    static double medianServiceMillis(String url, int n) throws IOException, InterruptedException {
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            // read to its end, as the load reads it, not decoded
            HttpResponse<Void> r = HTTP.send(ConstantRateClient.request(url), HttpResponse.BodyHandlers.discarding());
            millis[i] = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + ": HTTP " + r.statusCode());
            }
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

    /** The decoded body holds {@code count} windows; returns the body as the load receives it. */
    static Body expectWindows(String url, int count) throws IOException, InterruptedException {
        Body body = fetch(url);
        int served = new ObjectMapper().readTree(body.text()).path("windows").size();
        if (served != count) {
            throw new IllegalStateException(url + " served " + served + " windows, " + count + " expected");
        }
        return body;
    }
}
