package io.coinpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Freshness: marker ticks of one probe asset go into {@code crypto.ticks} beside the load, each
 * stamped with its {@code ingestTime}; a poller reads the probe's latest 1m window from the query
 * API every {@value #POLL_MILLIS} ms. Marker n carries price n, and close is the price of the latest
 * event, so once close reaches n every marker up to n is visible: its freshness is the time seen
 * minus its ingestTime.
 */
final class Freshness {

    static final String PROBE_ASSET = "PROBE";
    static final long POLL_MILLIS = 10;

    /** A canonical trade tick as ingest publishes it, {@code ingestTime} set. */
    record Marker(String source, String kind, String asset, String quote, double price, double size, long eventTime,
            long ingestTime, String id) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Measures {@code duration} with a marker every {@code markerEveryMillis}; latencies in ms. */
    Histogram measure(String bootstrapServers, String topic, String queryUrl, Duration duration, long markerEveryMillis)
            throws InterruptedException {
        Histogram latencies = new Histogram(3_600_000L, 3);
        ConcurrentNavigableMap<Long, Long> pending = new ConcurrentSkipListMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (running.get() || !pending.isEmpty()) {
                double close = latestClose(queryUrl);
                long seenAt = System.currentTimeMillis();
                if (!Double.isNaN(close)) {
                    long upTo = (long) Math.floor(close + 1e-9);
                    ConcurrentNavigableMap<Long, Long> visible = pending.headMap(upTo, true);
                    for (Map.Entry<Long, Long> e : visible.entrySet()) {
                        latencies.recordValue(Math.max(0, seenAt - e.getValue()));
                    }
                    visible.clear();
                }
                if (!running.get() && System.currentTimeMillis() > drainDeadline) {
                    break;
                }
                Bench.sleep(POLL_MILLIS);
            }
        }, "bench-freshness-poller");
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        poller.start();
        long n = 0;
        long base = System.currentTimeMillis() % 1_000_000_000L;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                n++;
                long now = System.currentTimeMillis();
                Marker tick = new Marker(TickFile.SOURCE, "trade", PROBE_ASSET, "USDT", base + n, 1.0, now, now,
                        TickFile.SOURCE + ":probe:" + base + ":" + n);
                pending.put(base + n, now);
                producer.send(new ProducerRecord<>(topic, PROBE_ASSET, json.writeValueAsString(tick)));
                Thread.sleep(markerEveryMillis);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        drainDeadline = System.currentTimeMillis() + 30_000;
        running.set(false);
        poller.join(40_000);
        lost = pending.size();
        return latencies;
    }

    private volatile long drainDeadline = Long.MAX_VALUE;
    private volatile int lost;

    /** Markers never seen within 30 s after the last was sent. */
    int lost() {
        return lost;
    }

    private double latestClose(String queryUrl) {
        long from = System.currentTimeMillis() - 180_000;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/assets/" + PROBE_ASSET
                    + "/windows?size=1m&source=" + TickFile.SOURCE + "&from=" + from + "&limit=10"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Double.NaN;
            }
            JsonNode windows = json.readTree(r.body()).path("windows");
            double max = Double.NaN;
            for (JsonNode w : windows) {
                double c = w.path("close").asDouble(Double.NaN);
                max = Double.isNaN(max) ? c : Math.max(max, c);
            }
            return max;
        } catch (java.io.IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }
}
