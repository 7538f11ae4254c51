package io.coinpulse.ingest;

import static io.coinpulse.ingest.TopicReader.metrics;
import static io.coinpulse.ingest.TopicReader.readAll;
import static io.coinpulse.ingest.TopicReader.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A replay line longer than {@code coinpulse.ingest.max-frame-bytes} goes to the DLQ as {@code oversized} with only
 * its first 256 characters as payload, on a real broker; the lines around it are published as usual.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.replay.file", value = OversizedReplayLineTest.FILE),
        @ResourceArg(name = "coinpulse.ingest.max-frame-bytes", value = "400")})
class OversizedReplayLineTest {

    static final String FILE = "src/test/resources/replay-oversized.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theOversizedLineIsOnTheDlqAsAnExcerptAndTheOthersArePublished() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!metrics().contains("\ncoinpulse_ingest_replay_completed 1.0")) {
            assertThat(System.nanoTime()).as("replay completed").isLessThan(deadline);
            Thread.sleep(200);
        }
        List<String> lines = Files.readAllLines(Path.of(FILE));

        List<ConsumerRecord<String, String>> ticks = readAll("crypto.ticks");
        assertThat(ticks).extracting(r -> JSON.readTree(r.value()).get("id").textValue())
                .containsExactly("b:1", "b:2", "b:4");

        List<ConsumerRecord<String, String>> dlq = readAll("crypto.ticks.dlq");
        assertThat(dlq).hasSize(1);
        JsonNode dead = JSON.readTree(dlq.get(0).value());
        assertThat(dead.get("reason").textValue()).isEqualTo("oversized");
        assertThat(dead.get("source").isNull()).isTrue();
        assertThat(dead.get("payload").textValue()).isEqualTo(lines.get(2).substring(0, 256));
        assertThat(dead.get("detail").textValue()).isEqualTo("a line of " + lines.get(2).length()
                + " bytes, longer than coinpulse.ingest.max-frame-bytes=400; the payload is its first 256 characters");

        String metrics = metrics();
        assertThat(value(metrics, "coinpulse_ingest_ticks_rejected_total{reason=\"oversized\",source=\"replay\"}"))
                .isEqualTo(1);
        assertThat(value(metrics, "coinpulse_ingest_ticks_published_total{source=\"replay\"}")).isEqualTo(3);
    }
}
