package io.coinpulse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Looks at a running {@link Stack} from outside, the way a user would: HTTP API, Kafka topics, metrics. */
final class PipelineProbe {

    static final double TOLERANCE = 1e-9;

    static final Path HOME = Path.of(System.getProperty("coinpulse.home", "..")).toAbsolutePath().normalize();
    static final Path DATASETS = HOME.resolveSibling("shared").resolve("datasets");
    static final Path SAMPLE_TICKS = DATASETS.resolve("ticks-sample.jsonl");
    static final Path SAMPLE_WINDOWS = DATASETS.resolve("ticks-sample.expected-1m.csv");

    /**
     * The stack's environment for the sample dataset: ingest replays its file at {@code speed}
     * ({@code max} or a real-time multiple), the stream keeps the dataset's 30 s lateness.
     */
    static Map<String, String> sampleReplay(String speed) {
        return Map.of("COINPULSE_INGEST_SOURCES", "replay",
                "COINPULSE_INGEST_REPLAY_FILE", SAMPLE_TICKS.toString(),
                "COINPULSE_INGEST_REPLAY_SPEED", speed,
                "COINPULSE_WATERMARK", "30s");
    }

    private final Supplier<String> queryUrl;
    private final Supplier<String> ingestUrl;
    private final Supplier<String> bootstrapServers;
    private final Supplier<Map<String, String>> clientSecurity;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PipelineProbe(Stack stack) {
        // the super user on a secure broker, nothing on a PLAINTEXT one
        this(stack::queryUrl, stack::ingestUrl, stack::bootstrapServers,
                () -> stack.broker() == null ? Map.of() : stack.broker().adminClientConfig());
    }

    /** A probe of the query API alone, e.g. of a {@code ./coinpulse up} started as a process. */
    PipelineProbe(int queryPort) {
        this(() -> "http://localhost:" + queryPort, () -> {
            throw new UnsupportedOperationException("no ingest URL");
        }, () -> {
            throw new UnsupportedOperationException("no broker");
        }, Map::of);
    }

    private PipelineProbe(Supplier<String> queryUrl, Supplier<String> ingestUrl, Supplier<String> bootstrapServers,
            Supplier<Map<String, String>> clientSecurity) {
        this.queryUrl = queryUrl;
        this.ingestUrl = ingestUrl;
        this.bootstrapServers = bootstrapServers;
        this.clientSecurity = clientSecurity;
    }

    /**
     * Polls the windows API until every expected window is served with equal metrics and no
     * other window exists in the range, or the timeout passes; returns the differences left.
     */
    List<String> awaitWindows(List<ExpectedWindows> expected, Duration timeout) throws InterruptedException {
        Map<String, List<ExpectedWindows>> byAsset = expected.stream()
                .collect(Collectors.groupingBy(ExpectedWindows::asset, TreeMap::new, Collectors.toList()));
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> differences = List.of("not compared yet");
        while (System.nanoTime() < deadline) {
            differences = new ArrayList<>();
            for (Map.Entry<String, List<ExpectedWindows>> asset : byAsset.entrySet()) {
                differences.addAll(compare(asset.getKey(), asset.getValue()));
            }
            if (differences.isEmpty()) {
                break;
            }
            Thread.sleep(2000);
        }
        return differences;
    }

    private List<String> compare(String asset, List<ExpectedWindows> expected) throws InterruptedException {
        HttpResponse<String> response;
        JsonNode body;
        try {
            response = get("/api/v1/assets/" + asset + "/windows?size=1m&source=" + expected.get(0).source()
                    + "&from=" + expected.get(0).windowStart()
                    + "&to=" + (expected.get(expected.size() - 1).windowStart() + 60_000) + "&limit=1000");
            if (response.statusCode() != 200) {
                return List.of(asset + ": HTTP " + response.statusCode() + " " + response.body());
            }
            body = json.readTree(response.body());
        } catch (IOException e) {
            return List.of(asset + ": " + e);
        }
        List<String> out = new ArrayList<>();
        if (!asset.equals(body.path("asset").asText()) || !expected.get(0).source().equals(body.path("source").asText())
                || !"1m".equals(body.path("size").asText())) {
            out.add(asset + ": envelope " + body.path("asset") + "/" + body.path("source") + "/" + body.path("size"));
        }
        JsonNode windows = body.path("windows");
        if (windows.size() != expected.size()) {
            out.add(asset + ": " + windows.size() + " windows served, " + expected.size() + " expected");
            return out;
        }
        for (int i = 0; i < expected.size(); i++) {
            ExpectedWindows e = expected.get(i);
            JsonNode w = windows.get(i);
            String at = asset + "@" + e.windowStart() + " ";
            if (w.path("windowStart").asLong() != e.windowStart()) {
                out.add(at + "windowStart " + w.path("windowStart"));
            }
            if (w.path("windowEnd").asLong() != e.windowStart() + 60_000) {
                out.add(at + "windowEnd " + w.path("windowEnd"));
            }
            near(out, at + "open", w.path("open"), e.open());
            near(out, at + "high", w.path("high"), e.high());
            near(out, at + "low", w.path("low"), e.low());
            near(out, at + "close", w.path("close"), e.close());
            near(out, at + "avgPrice", w.path("avgPrice"), e.avgPrice());
            near(out, at + "volumeBase", w.path("volumeBase"), e.volumeBase());
            near(out, at + "volumeQuote", w.path("volumeQuote"), e.volumeQuote());
            near(out, at + "pctChange", w.path("pctChange"), e.pctChange());
            if (e.vwap() == null) {
                if (!w.path("vwap").isNull()) {
                    out.add(at + "vwap " + w.path("vwap") + " expected null");
                }
            } else {
                near(out, at + "vwap", w.path("vwap"), e.vwap());
            }
            if (w.path("tickCount").asLong() != e.tickCount()) {
                out.add(at + "tickCount " + w.path("tickCount") + " expected " + e.tickCount());
            }
            if (w.path("tradeCount").asLong() != e.tradeCount()) {
                out.add(at + "tradeCount " + w.path("tradeCount") + " expected " + e.tradeCount());
            }
        }
        return out;
    }

    private static void near(List<String> out, String what, JsonNode actual, double expected) {
        if (!actual.isNumber()) {
            out.add(what + " " + actual + " expected " + expected);
            return;
        }
        double scale = Math.max(Math.abs(expected), Double.MIN_NORMAL);
        if (Math.abs(actual.asDouble() - expected) / scale > TOLERANCE) {
            out.add(what + " " + actual.asDouble() + " expected " + expected);
        }
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(queryUrl.get() + path);
    }

    HttpResponse<String> send(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** HTTP status of a URL, or -1 when nothing answers. */
    int status(String url) throws InterruptedException {
        try {
            return send(url).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The sum of a Prometheus counter or gauge over all its series on ingest-service, 0 if absent. */
    double ingestMetric(String name) throws InterruptedException {
        String body;
        try {
            body = send(ingestUrl.get() + "/q/metrics").body();
        } catch (IOException e) {
            return 0;
        }
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    /** Reads a topic from the beginning until {@code count} records or 3 minutes; then 2 s more for extras. */
    List<ConsumerRecord<String, String>> readTopic(String topic, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumerFromStart(topic)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Reads every record a topic holds now (up to its end offsets when called), within 3 minutes. */
    List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumerFromStart(topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (end.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("read " + records.size() + " records of " + topic + ", not up to " + end);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** A consumer of every partition of {@code topic}, at its beginning. */
    private KafkaConsumer<String, String> consumerFromStart(String topic) {
        Map<String, Object> config = new java.util.HashMap<>(clientSecurity.get());
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.get(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Waits until the condition holds; fails with {@code what} after the timeout. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    ObjectMapper json() {
        return json;
    }
}
