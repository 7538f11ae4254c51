package io.coinpulse.ingest;

import static io.coinpulse.ingest.TopicReader.metrics;
import static io.coinpulse.ingest.TopicReader.readAll;
import static io.coinpulse.ingest.TopicReader.value;
import static io.coinpulse.ingest.Management.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.ingest.tick.Reason;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replay source plays {@code ticks-sample.jsonl} at max speed into a real broker; a plain consumer
 * then reads both topics to their end and checks every record against the input file.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ReplayToKafkaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(3);

    @BeforeEach
    void awaitReplayCompleted() throws InterruptedException {
        long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
        while (!metrics().contains("\ncoinpulse_ingest_replay_completed 1.0")) {
            assertThat(System.nanoTime()).as("replay completed within " + REPLAY_TIMEOUT).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void everyValidLineIsOnCryptoTicksKeyedByAssetInFileOrderWithIngestTimeSet() throws Exception {
        List<String> lines = SampleDataset.lines();
        Map<Integer, Reason> invalid = SampleDataset.expectedRejections();
        Map<String, List<JsonNode>> expectedByAsset = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!invalid.containsKey(i + 1)) {
                JsonNode node = JSON.readTree(lines.get(i));
                expectedByAsset.computeIfAbsent(node.get("asset").textValue(), a -> new ArrayList<>()).add(node);
            }
        }

        List<ConsumerRecord<String, String>> records = readAll("crypto.ticks");
        assertThat(records).hasSize(SampleDataset.VALID);

        long now = System.currentTimeMillis();
        Map<String, List<JsonNode>> actualByAsset = new HashMap<>();
        Map<String, Integer> partitionOfAsset = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode value = JSON.readTree(record.value());
            assertThat(record.key()).isEqualTo(value.get("asset").textValue());
            assertThat(partitionOfAsset.computeIfAbsent(record.key(), k -> record.partition()))
                    .as("one partition per asset").isEqualTo(record.partition());
            assertThat(value.get("ingestTime").isIntegralNumber()).isTrue();
            assertThat(value.get("ingestTime").longValue()).isBetween(now - REPLAY_TIMEOUT.toMillis() - 60_000, now);
            actualByAsset.computeIfAbsent(record.key(), a -> new ArrayList<>()).add(value);
        }

        assertThat(actualByAsset.keySet()).containsExactlyInAnyOrderElementsOf(expectedByAsset.keySet());
        for (Map.Entry<String, List<JsonNode>> asset : expectedByAsset.entrySet()) {
            List<JsonNode> expected = asset.getValue();
            List<JsonNode> actual = actualByAsset.get(asset.getKey());
            assertThat(actual).as(asset.getKey()).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertSameFields(actual.get(i), expected.get(i), asset.getKey() + " #" + i);
            }
        }
    }

    @Test
    void everyInvalidLineIsOnTheDlqVerbatimWithItsReason() throws Exception {
        List<String> lines = SampleDataset.lines();
        Map<String, List<String>> expected = new TreeMap<>();
        SampleDataset.expectedRejections().forEach((line, reason) ->
                expected.computeIfAbsent(reason.code(), r -> new ArrayList<>()).add(lines.get(line - 1)));

        List<ConsumerRecord<String, String>> records = readAll("crypto.ticks.dlq");
        assertThat(records).hasSize(SampleDataset.INVALID);

        Map<String, List<String>> actual = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode value = JSON.readTree(record.value());
            assertThat(value.fieldNames()).toIterable()
                    .containsExactly("source", "reason", "detail", "payload", "ingestTime");
            assertThat(value.get("detail").textValue()).isNotBlank();
            assertThat(value.get("ingestTime").longValue()).isPositive();
            String payload = value.get("payload").textValue();
            if (value.get("reason").textValue().equals("malformed_json")) {
                assertThat(value.get("source").isNull()).isTrue();
                assertThat(record.key()).isNull();
            } else {
                assertThat(value.get("source").textValue()).isEqualTo("binance");
                assertThat(record.key()).isEqualTo("binance");
            }
            actual.computeIfAbsent(value.get("reason").textValue(), r -> new ArrayList<>()).add(payload);
        }
        // one partition: the DLQ is in file order too
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void theCountersShowTheSameNumbers() {
        String metrics = metrics();
        assertThat(value(metrics, "coinpulse_ingest_ticks_received_total{source=\"replay\"}"))
                .isEqualTo(SampleDataset.LINES);
        assertThat(value(metrics, "coinpulse_ingest_ticks_published_total{source=\"replay\"}"))
                .isEqualTo(SampleDataset.VALID);
        Map<String, Long> expectedByReason = new TreeMap<>();
        for (Reason reason : Reason.values()) {
            expectedByReason.put(reason.code(), 0L);
        }
        SampleDataset.expectedRejections().values().forEach(r -> expectedByReason.merge(r.code(), 1L, Long::sum));
        for (Map.Entry<String, Long> reason : expectedByReason.entrySet()) {
            assertThat(value(metrics, "coinpulse_ingest_ticks_rejected_total{reason=\"" + reason.getKey()
                    + "\",source=\"replay\"}")).as(reason.getKey()).isEqualTo(reason.getValue());
        }
        assertThat(value(metrics, "coinpulse_ingest_publish_failures_total{channel=\"ticks-out\",source=\"replay\"}"))
                .isZero();
        assertThat(metrics).containsPattern("\ncoinpulse_ingest_last_event_age_seconds\\{source=\"replay\"} \\d");
    }

    @Test
    void theSourcesGroupReportsTheReplayCompletedWithItsCounts() {
        JsonNode ready = JSON.valueToTree(given().when().get("/q/health/ready").then().statusCode(200)
                .extract().as(Map.class));
        assertThat(ready.get("status").textValue()).isEqualTo("UP");
        JsonNode health = JSON.valueToTree(given().when().get("/q/health/group/sources").then().statusCode(200)
                .extract().as(Map.class));
        assertThat(health.get("status").textValue()).isEqualTo("UP");
        JsonNode replay = null;
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").textValue().equals("replay source")) {
                replay = check;
            }
        }
        assertThat(replay).as("the replay source's readiness check").isNotNull();
        assertThat(replay.get("status").textValue()).isEqualTo("UP");
        assertThat(replay.at("/data/state").textValue()).isEqualTo("completed");
        assertThat(replay.at("/data/detail").textValue())
                .contains("7315 lines read, 7278 published, 37 rejected");
        assertThat(replay.at("/data/published").longValue()).isEqualTo(SampleDataset.VALID);

        JsonNode live = JSON.valueToTree(given().when().get("/q/health/live").then().statusCode(200)
                .extract().as(Map.class));
        assertThat(live.get("status").textValue()).isEqualTo("UP");
    }

    private static void assertSameFields(JsonNode actual, JsonNode expected, String what) {
        List<String> actualFields = new ArrayList<>();
        actual.fieldNames().forEachRemaining(actualFields::add);
        actualFields.remove("ingestTime");
        List<String> expectedFields = new ArrayList<>();
        expected.fieldNames().forEachRemaining(expectedFields::add);
        assertThat(actualFields).as(what).containsExactlyInAnyOrderElementsOf(expectedFields);
        for (Iterator<String> it = expected.fieldNames(); it.hasNext();) {
            String field = it.next();
            JsonNode e = expected.get(field);
            JsonNode a = actual.get(field);
            if (e.isNumber()) {
                assertThat(a.isNumber()).as(what + " " + field).isTrue();
                if (e.isIntegralNumber() && field.equals("eventTime")) {
                    assertThat(a.isIntegralNumber()).as(what + " " + field).isTrue();
                    assertThat(a.longValue()).as(what + " " + field).isEqualTo(e.longValue());
                } else {
                    assertThat(a.doubleValue()).as(what + " " + field).isEqualTo(e.doubleValue());
                }
            } else {
                assertThat(a).as(what + " " + field).isEqualTo(e);
            }
        }
    }

}
