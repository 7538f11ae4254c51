package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole pipeline on its real parts — ingest-service replaying the sample dataset, a KRaft
 * broker, the Spark job in local mode, MariaDB and query-service — compared with the dataset's
 * exact expected windows, read back through the HTTP API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    private static final double TOLERANCE = 1e-9;
    private static final Duration CONVERGE = Duration.ofMinutes(5);

    private final Path home = Path.of(System.getProperty("coinpulse.home", "..")).toAbsolutePath().normalize();
    private final Path datasets = home.resolveSibling("shared").resolve("datasets");
    private final Path ticks = datasets.resolve("ticks-sample.jsonl");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Stack stack;

    @BeforeAll
    void startPipeline() {
        Path work = home.resolve("launcher/target/e2e-" + System.currentTimeMillis());
        stack = Stack.start(new Stack.Options(home, work, Map.of(
                "COINPULSE_INGEST_SOURCES", "replay",
                "COINPULSE_INGEST_REPLAY_FILE", ticks.toString(),
                "COINPULSE_INGEST_REPLAY_SPEED", "max",
                "COINPULSE_WATERMARK", "30s"), 0, 0, 0), m -> System.out.println("[e2e] " + m));
    }

    @AfterAll
    void stopPipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyWindowServedByTheApiEqualsTheExpectedWindowsOfTheDataset() throws Exception {
        List<ExpectedWindows> expected = ExpectedWindows.read(datasets.resolve("ticks-sample.expected-1m.csv"));
        Map<String, List<ExpectedWindows>> byAsset = expected.stream()
                .collect(Collectors.groupingBy(ExpectedWindows::asset, TreeMap::new, Collectors.toList()));
        assertThat(byAsset).hasSize(8);

        long deadline = System.nanoTime() + CONVERGE.toNanos();
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
        assertThat(differences).as("windows served vs. ticks-sample.expected-1m.csv").isEmpty();

        JsonNode assets = getJson("/api/v1/assets");
        assertThat(assets.toString()).contains(byAsset.keySet().stream().map(a -> "\"" + a + "\"").toList()
                .toArray(String[]::new));
    }

    @Test
    void theDeadLetterTopicHoldsExactlyTheInvalidLinesAndTheTickTopicTheValidOnes() throws Exception {
        List<String> lines = Files.readAllLines(ticks);
        Set<String> fileLines = new HashSet<>(lines);
        List<ConsumerRecord<String, String>> dlq = readUntil("crypto.ticks.dlq", 37);
        assertThat(dlq).hasSize(37);
        Set<String> payloads = new HashSet<>();
        Set<String> reasons = new TreeSet<>();
        for (ConsumerRecord<String, String> record : dlq) {
            JsonNode value = json.readTree(record.value());
            payloads.add(value.path("payload").asText());
            reasons.add(value.path("reason").asText());
            assertThat(value.path("detail").asText()).isNotBlank();
        }
        assertThat(payloads).hasSize(37).allSatisfy(p -> assertThat(fileLines).contains(p));
        assertThat(reasons).contains("malformed_json", "invalid_asset", "invalid_price", "invalid_size",
                "invalid_event_time", "invalid_kind");

        List<ConsumerRecord<String, String>> valid = readUntil("crypto.ticks", lines.size() - 37);
        assertThat(valid).hasSize(lines.size() - 37);
        assertThat(valid).allSatisfy(r -> assertThat(payloads).doesNotContain(r.value()));
    }

    private List<String> compare(String asset, List<ExpectedWindows> expected) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/assets/" + asset + "/windows?size=1m&source=binance"
                + "&from=" + expected.get(0).windowStart() + "&to=" + (expected.get(expected.size() - 1).windowStart() + 60_000)
                + "&limit=1000");
        if (response.statusCode() != 200) {
            return List.of(asset + ": HTTP " + response.statusCode() + " " + response.body());
        }
        JsonNode body = json.readTree(response.body());
        List<String> out = new ArrayList<>();
        if (!asset.equals(body.path("asset").asText()) || !"binance".equals(body.path("source").asText())
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
            near(out, at + "open", w.path("open").asDouble(), e.open());
            near(out, at + "high", w.path("high").asDouble(), e.high());
            near(out, at + "low", w.path("low").asDouble(), e.low());
            near(out, at + "close", w.path("close").asDouble(), e.close());
            near(out, at + "avgPrice", w.path("avgPrice").asDouble(), e.avgPrice());
            near(out, at + "volumeBase", w.path("volumeBase").asDouble(), e.volumeBase());
            near(out, at + "volumeQuote", w.path("volumeQuote").asDouble(), e.volumeQuote());
            near(out, at + "pctChange", w.path("pctChange").asDouble(), e.pctChange());
            if (e.vwap() == null ? !w.path("vwap").isNull() : !w.path("vwap").isNumber()) {
                out.add(at + "vwap " + w.path("vwap") + " expected " + e.vwap());
            } else if (e.vwap() != null) {
                near(out, at + "vwap", w.path("vwap").asDouble(), e.vwap());
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

    private static void near(List<String> out, String what, double actual, double expected) {
        double scale = Math.max(Math.abs(expected), Double.MIN_NORMAL);
        if (Math.abs(actual - expected) / scale > TOLERANCE) {
            out.add(what + " " + actual + " expected " + expected);
        }
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(stack.queryUrl() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads a topic from the beginning until {@code count} records, or 3 minutes pass; then a little more. */
    private List<ConsumerRecord<String, String>> readUntil(String topic, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            // anything beyond the expected count would be a defect: give it a moment to show up
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
