package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    private static final int INVALID_LINES = 37;

    private Stack stack;
    private PipelineProbe probe;

    @BeforeAll
    void startPipeline() {
        Path work = PipelineProbe.HOME.resolve("launcher/target/e2e-" + System.currentTimeMillis());
        stack = Stack.start(new Stack.Options(PipelineProbe.HOME, work, PipelineProbe.sampleReplay("max"), 0, 0, 0), m -> System.out.println("[e2e] " + m));
        probe = new PipelineProbe(stack);
    }

    @AfterAll
    void stopPipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyWindowServedByTheApiEqualsTheExpectedWindowsOfTheDataset() throws Exception {
        List<ExpectedWindows> expected = ExpectedWindows.read(PipelineProbe.SAMPLE_WINDOWS);
        assertThat(expected).hasSize(53);

        assertThat(probe.awaitWindows(expected, Duration.ofMinutes(5)))
                .as("windows served vs. ticks-sample.expected-1m.csv").isEmpty();

        JsonNode assets = probe.getJson("/api/v1/assets");
        assertThat(assets.path("total").asInt()).isEqualTo(8);
        List<String> symbols = new ArrayList<>();
        assets.path("assets").forEach(a -> symbols.add(a.path("asset").asText()));
        assertThat(symbols).containsExactly("ADA", "AVAX", "BTC", "DOGE", "ETH", "LINK", "SOL", "XRP");
    }

    @Test
    void theDeadLetterTopicHoldsExactlyTheInvalidLinesAndTheTickTopicTheValidOnes() throws Exception {
        List<String> lines = Files.readAllLines(PipelineProbe.SAMPLE_TICKS);
        Set<String> fileLines = new HashSet<>(lines);
        List<ConsumerRecord<String, String>> dlq = probe.readTopic("crypto.ticks.dlq", INVALID_LINES);
        assertThat(dlq).hasSize(INVALID_LINES);
        // a list: the dataset's cut-off lines are identical, each one is a record of its own
        List<String> payloads = new ArrayList<>();
        Set<String> reasons = new TreeSet<>();
        for (ConsumerRecord<String, String> record : dlq) {
            JsonNode value = probe.json().readTree(record.value());
            payloads.add(value.path("payload").asText());
            reasons.add(value.path("reason").asText());
            assertThat(value.path("detail").asText()).isNotBlank();
        }
        assertThat(payloads).hasSize(INVALID_LINES).allSatisfy(p -> assertThat(fileLines).contains(p));
        assertThat(reasons).contains("malformed_json", "invalid_asset", "invalid_price", "invalid_size",
                "invalid_event_time", "invalid_kind");

        List<ConsumerRecord<String, String>> valid = probe.readTopic("crypto.ticks", lines.size() - INVALID_LINES);
        assertThat(valid).hasSize(lines.size() - INVALID_LINES);
        Set<String> invalidPayloads = new HashSet<>(payloads);
        assertThat(valid).allSatisfy(r -> assertThat(invalidPayloads).doesNotContain(r.value()));
        assertThat(probe.ingestMetric("coinpulse_ingest_replay_completed")).isEqualTo(1.0);
    }
}
