package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole pipeline with Kafka secured as the chart secures it — a SASL_SSL listener with
 * SCRAM-SHA-512, a PEM CA trust store, {@code StandardAuthorizer} and the users and ACLs of
 * {@code k8s/base/kafka/users.yaml} — each service connecting as its own user with exactly the
 * chart's {@code KAFKA_*} variables: the sample dataset gives the exact expected windows, DLQ and
 * ticks, the live stream delivers, and strangers and trespassers are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureKafkaTest {

    private static final int INVALID_LINES = 37;
    private static final int VALID_LINES = 7_278;
    private static final Set<String> CHART_KAFKA_VARIABLES = Set.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
            "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION");

    private Stack stack;
    private PipelineProbe probe;

    @BeforeAll
    void startPipeline() {
        Path work = PipelineProbe.HOME.resolve("launcher/target/secure-" + System.currentTimeMillis());
        stack = Stack.start(new Stack.Options(PipelineProbe.HOME, work, PipelineProbe.sampleReplay("max"), 0, 0, 0, true), m -> System.out.println("[secure] " + m));
        probe = new PipelineProbe(stack);
    }

    @AfterAll
    void stopPipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void eachServiceGetsTheChartsKafkaVariablesWithItsOwnUser() {
        assertThat(stack.broker().isSecure()).isTrue();
        assertThat(stack.broker().bootstrapServers()).startsWith("127.0.0.1:");
        for (String user : List.of(Stack.INGEST_USER, Stack.SPARK_USER, Stack.QUERY_USER)) {
            Map<String, String> env = stack.serviceEnvironment(user);
            assertThat(env.keySet().stream().filter(k -> k.startsWith("KAFKA_") && !k.equals("KAFKA_BOOTSTRAP_SERVERS")))
                    .containsExactlyInAnyOrderElementsOf(CHART_KAFKA_VARIABLES);
            assertThat(env).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", stack.broker().truststore().toString());
            assertThat(env.get("KAFKA_SASL_JAAS_CONFIG"))
                    .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\"");
        }
        assertThat(stack.appEnvironment()).doesNotContainKey("KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    @Order(2)
    void everyWindowServedByTheApiEqualsTheExpectedWindowsOfTheDataset() throws Exception {
        List<ExpectedWindows> expected = ExpectedWindows.read(PipelineProbe.SAMPLE_WINDOWS);
        assertThat(expected).hasSize(53);
        assertThat(probe.awaitWindows(expected, Duration.ofMinutes(5)))
                .as("windows served vs. ticks-sample.expected-1m.csv").isEmpty();
    }

    @Test
    @Order(3)
    void theDeadLetterTopicHoldsExactlyTheInvalidLinesAndTheTickTopicTheValidOnes() throws Exception {
        List<String> lines = Files.readAllLines(PipelineProbe.SAMPLE_TICKS);
        assertThat(lines).hasSize(INVALID_LINES + VALID_LINES);
        Set<String> fileLines = new HashSet<>(lines);
        List<ConsumerRecord<String, String>> dlq = probe.readTopic("crypto.ticks.dlq", INVALID_LINES);
        assertThat(dlq).hasSize(INVALID_LINES);
        for (ConsumerRecord<String, String> record : dlq) {
            assertThat(fileLines).contains(probe.json().readTree(record.value()).path("payload").asText());
        }
        assertThat(probe.readTopic("crypto.ticks", VALID_LINES)).hasSize(VALID_LINES);
        assertThat(probe.ingestMetric("coinpulse_ingest_replay_completed")).isEqualTo(1.0);
    }

    @Test
    @Order(4)
    void strangersAndTrespassersAreRefused() throws Exception {
        Map<String, Object> wrongPassword = client(stack.broker().clientConfig(Stack.SPARK_USER));
        wrongPassword.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + Stack.SPARK_USER + "\" password=\"not-the-password\";");
        try (Admin admin = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        // PLAINTEXT on the SASL_SSL listener: the broker drops the connection, the client never gets metadata
        try (Admin admin = Admin.create(client(Map.of()))) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        }
        // query-service may read crypto.metrics and crypto.alerts, not the ticks
        try (KafkaConsumer<String, String> consumer = consumer(Stack.QUERY_USER, null)) {
            TopicPartition ticks = new TopicPartition("crypto.ticks", 0);
            consumer.assign(List.of(ticks));
            consumer.seekToBeginning(List.of(ticks));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
        // ... and only in consumer groups of its own prefixes
        try (KafkaConsumer<String, String> consumer = consumer(Stack.QUERY_USER, "someone-elses-group")) {
            consumer.subscribe(List.of("crypto.metrics"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(GroupAuthorizationException.class);
        }
        // ingest writes ticks but cannot read them; the Spark job reads them but cannot write them
        try (KafkaConsumer<String, String> consumer = consumer(Stack.INGEST_USER, null)) {
            TopicPartition ticks = new TopicPartition("crypto.ticks", 0);
            consumer.assign(List.of(ticks));
            consumer.seekToBeginning(List.of(ticks));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> producer = producer(Stack.SPARK_USER)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("crypto.ticks", "BTC", "{}")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    /**
     * A tick written as ingest's user after a client has connected reaches it through Spark (its user)
     * and query-service's live consumer (its user, its own group) as a window event.
     */
    @Test
    @Order(5)
    void theLiveStreamDeliversANewTicksWindowThroughTheAuthenticatedListener() throws Exception {
        long lastWindow = ExpectedWindows.read(PipelineProbe.SAMPLE_WINDOWS).stream()
                .mapToLong(ExpectedWindows::windowStart).max().orElseThrow();
        long windowStart = lastWindow + 10 * 60_000;
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                HttpRequest.newBuilder(URI.create(stack.queryUrl() + "/api/v1/stream?assets=BTC&sizes=1m"))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> sse = response.get(30, TimeUnit.SECONDS);
        try (Stream<String> body = sse.body()) {
            assertThat(sse.statusCode()).isEqualTo(200);
            Thread reader = new Thread(() -> body.forEach(lines::add), "sse-reader");
            reader.setDaemon(true);
            reader.start();
            // sent on connection: the stream is open
            awaitLine(lines, "heartbeat", Duration.ofSeconds(60));

            String tick = "{\"source\":\"binance\",\"kind\":\"trade\",\"asset\":\"BTC\",\"quote\":\"USDT\",\"price\":70123.5,"
                    + "\"size\":0.25,\"eventTime\":" + (windowStart + 1_000) + ",\"id\":\"binance:BTC:secure-live-1\","
                    + "\"ingestTime\":" + System.currentTimeMillis() + "}";
            try (KafkaProducer<String, String> producer = producer(Stack.INGEST_USER)) {
                producer.send(new ProducerRecord<>("crypto.ticks", "BTC", tick)).get(30, TimeUnit.SECONDS);
            }
            String data = awaitLine(lines, "\"windowStart\":" + windowStart, Duration.ofMinutes(3));
            JsonNode window = probe.json().readTree(data.substring("data:".length()).trim());
            assertThat(window.path("asset").asText()).isEqualTo("BTC");
            assertThat(window.path("size").asText()).isEqualTo("1m");
            assertThat(window.path("open").asDouble()).isEqualTo(70123.5);
            assertThat(window.path("tickCount").asLong()).isEqualTo(1);
            assertThat(window.path("volumeBase").asDouble()).isEqualTo(0.25);
        }
    }

    @Test
    @Order(6)
    void noKafkaPasswordIsInAnyLog() throws Exception {
        List<String> passwords = new java.util.ArrayList<>();
        for (String user : stack.broker().users()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("password=\"([^\"]+)\"")
                    .matcher(stack.broker().clientConfig(user).get("sasl.jaas.config"));
            assertThat(m.find()).isTrue();
            passwords.add(m.group(1));
        }
        assertThat(passwords).hasSize(3);
        List<Path> logs;
        try (Stream<Path> files = Files.walk(stack.broker().dataDir().getParent())) {
            logs = files.filter(f -> f.getFileName().toString().endsWith(".log")).toList();
        }
        assertThat(logs).extracting(f -> f.getFileName().toString())
                .contains("broker.log", "ingest-service.log", "query-service.log", "spark.log");
        for (Path log : logs) {
            String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(passwords).as(log.toString()).noneMatch(text::contains);
        }
    }

    private static String awaitLine(BlockingQueue<String> lines, String containing, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.Deque<String> seen = new java.util.ArrayDeque<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(500, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(containing)) {
                return line;
            }
            if (line != null) {
                seen.addLast(line);
                if (seen.size() > 10) {
                    seen.removeFirst();
                }
            }
        }
        throw new AssertionError("no SSE line with " + containing + " within " + timeout + "; last lines: " + seen);
    }

    private Map<String, Object> client(Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put("bootstrap.servers", stack.broker().bootstrapServers());
        config.put("default.api.timeout.ms", 10_000);
        config.put("request.timeout.ms", 5_000);
        return config;
    }

    private KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> config = new HashMap<>(stack.broker().clientConfig(user));
        config.put("bootstrap.servers", stack.broker().bootstrapServers());
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        config.put("enable.auto.commit", "false");
        if (group != null) {
            config.put("group.id", group);
        }
        return new KafkaConsumer<>(config);
    }

    private KafkaProducer<String, String> producer(String user) {
        Map<String, Object> config = new HashMap<>(stack.broker().clientConfig(user));
        config.put("bootstrap.servers", stack.broker().bootstrapServers());
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        config.put("acks", "all");
        config.put("max.block.ms", 20_000);
        config.put("request.timeout.ms", 10_000);
        config.put("delivery.timeout.ms", 25_000);
        return new KafkaProducer<>(config);
    }
}
