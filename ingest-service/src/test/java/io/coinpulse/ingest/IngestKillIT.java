package io.coinpulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.squareup.tape2.QueueFile;
import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.devstack.Ports;
import io.coinpulse.ingest.fake.FakeWebSockets;
import io.coinpulse.ingest.journal.JournalEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged ingest-service as its own process, streaming from the fake Binance exchange into a real broker:
 * the broker stops, live ticks spill to the journal, ingest is {@code kill -9}ed with the journal non-empty,
 * the broker comes back, ingest starts again: every journaled tick is on {@code crypto.ticks}, once.
 */
class IngestKillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int IN_FLIGHT = 4;
    private static final int SENT = 40;

    private final Path dir = Path.of("target", "ingest-kill-it", Long.toString(System.nanoTime())).toAbsolutePath();
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaBroker broker;
    private FakeWebSockets exchange;
    private JavaProcess ingest;
    private int httpPort;
    private int managementPort;

    @AfterEach
    void stopAll() {
        if (ingest != null) {
            ingest.kill();
        }
        if (exchange != null) {
            exchange.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void journaledTicksArePublishedAfterAKillAndARestart() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        broker.createTopics(KafkaBrokerResource.TOPICS);
        exchange = new FakeWebSockets();
        FakeWebSockets.Stream binance = exchange.stream("/binance/stream");
        binance.answers(Map.of("LIST_SUBSCRIPTIONS", "{\"result\":[],\"id\":1}"));
        httpPort = Ports.free();
        managementPort = Ports.free();

        ingest = startIngest("first");
        awaitMetric("coinpulse_ingest_ticks_published_total{source=\"binance\"}", 0);
        await("a connection to the fake exchange", () -> !binance.open().isEmpty());
        List<String> warmUp = BinanceTrades.send(binance, 1, 2);
        awaitMetric("coinpulse_ingest_ticks_published_total{source=\"binance\"}", 2);

        broker.stop();
        List<String> sent = BinanceTrades.send(binance, 4_000_000_000L, SENT);
        // the producer takes at most max-in-flight before it notices the broker is gone; the rest is journaled
        await("the outage's ticks journaled", () -> metric("coinpulse_ingest_journal_records") >= SENT - IN_FLIGHT);
        Thread.sleep(7_000); // a tick in send() waits max.block.ms (5 s); appends reach the disk within 20 ms
        long journaledCount = metric("coinpulse_ingest_journal_records");
        ingest.kill();
        await("ingest gone", () -> !ingest.isAlive());

        List<String> journaled = journaledIds();
        assertThat(journaled).as("the journal after kill -9")
                .containsExactlyElementsOf(sent.subList(SENT - (int) journaledCount, SENT));

        broker.restart();
        ingest = startIngest("second");
        awaitMetric("coinpulse_ingest_journal_records", 0);
        List<String> published = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!published.containsAll(journaled)) {
            assertThat(System.nanoTime()).as("journaled ticks on crypto.ticks within " + WAIT).isLessThan(deadline);
            Thread.sleep(250);
            published = publishedIds();
        }
        List<String> expected = new ArrayList<>(warmUp);
        expected.addAll(journaled);
        // what the producer held in memory when it was killed (max-in-flight records) is not journaled
        assertThat(published).as("each journaled tick once").containsExactlyInAnyOrderElementsOf(expected);
    }

    private JavaProcess startIngest(String run) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("COINPULSE_INGEST_SOURCES", "binance");
        env.put("COINPULSE_INGEST_BINANCE_URL", exchange.url("/binance"));
        env.put("COINPULSE_INGEST_BINANCE_SYMBOLS", "btcusdt,ethusdt");
        env.put("COINPULSE_INGEST_BINANCE_SILENCE_TIMEOUT", "120s");
        env.put("COINPULSE_INGEST_PUBLISH_MAX_IN_FLIGHT", Integer.toString(IN_FLIGHT));
        env.put("COINPULSE_INGEST_JOURNAL_PATH", dir.resolve("journal").toString());
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        return JavaProcess.start("ingest", List.of(JavaProcess.javaExecutable(), "-Xmx256m", "-jar", jar.toString()), env,
                dir.resolve("ingest-" + run + ".log"));
    }

    private List<String> journaledIds() throws Exception {
        List<String> ids = new ArrayList<>();
        try (QueueFile file = new QueueFile.Builder(dir.resolve("journal").toFile()).build()) {
            for (byte[] element : file) {
                for (byte[] stored : JournalEntry.unbatch(element)) {
                    ids.add(JSON.readTree(JournalEntry.decode(stored).value()).get("id").textValue());
                }
            }
        }
        return ids;
    }

    private List<String> publishedIds() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor("crypto.ticks", Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition("crypto.ticks", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long read = 0;
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (read < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    ids.add(JSON.readTree(record.value()).get("id").textValue());
                    read++;
                }
            }
        }
        return ids;
    }

    private void awaitMetric(String series, long expected) {
        await(series + " = " + expected, () -> metric(series) == expected);
    }

    /** The value of one series, -1 while the service does not answer. */
    private long metric(String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private String metrics() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + managementPort + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? response.body() : "";
        } catch (Exception e) {
            return ""; // not listening yet
        }
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!ingest.isAlive()) {
                throw new AssertionError("ingest exited; its log: " + readLog());
            }
            assertThat(System.nanoTime()).as(what + " within " + WAIT).isLessThan(deadline);
            LiveChecks.sleep(100);
        }
    }

    private String readLog() {
        try (var files = Files.list(dir)) {
            StringBuilder logs = new StringBuilder();
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                logs.append(Files.readString(log));
            }
            return logs.toString();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
