package io.coinpulse.ingest;

import static io.coinpulse.ingest.TopicReader.metrics;
import static io.coinpulse.ingest.TopicReader.readAll;
import static io.coinpulse.ingest.TopicReader.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.ingest.source.replay.SavedPositions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A replay of the sample dataset started with the position a replay killed after line {@value #SAVED} left
 * beside the journal: it publishes exactly the lines after it, in order, and forgets the position once complete.
 */
@QuarkusTest
@WithTestResource(ReplayResumeTest.Resumed.class)
class ReplayResumeTest {

    static final int SAVED = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The broker and a journal whose replay position says the first {@value #SAVED} lines are acknowledged. */
    public static final class Resumed extends KafkaBrokerResource {

        static final Path JOURNAL = Path.of("target", "resume-journal-" + System.nanoTime(), "journal").toAbsolutePath();

        @Override
        public Map<String, String> start() {
            try {
                SavedPositions.save(JOURNAL, SampleDataset.file(), SAVED);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> config = new java.util.HashMap<>(super.start());
            config.put("coinpulse.ingest.journal.path", JOURNAL.toString());
            return config;
        }
    }

    @Test
    void theReplayResumesAfterItsSavedLineAndForgetsItWhenComplete() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!metrics().contains("\ncoinpulse_ingest_replay_completed 1.0")) {
            assertThat(System.nanoTime()).as("replay completed").isLessThan(deadline);
            Thread.sleep(200);
        }
        List<String> lines = SampleDataset.lines();
        Map<Integer, ?> invalid = SampleDataset.expectedRejections();
        List<String> validIds = new ArrayList<>();
        List<String> invalidLines = new ArrayList<>();
        for (int i = SAVED; i < lines.size(); i++) {
            if (invalid.containsKey(i + 1)) {
                invalidLines.add(lines.get(i));
            } else {
                validIds.add(JSON.readTree(lines.get(i)).get("id").textValue());
            }
        }
        assertThat(validIds).hasSize(4297);
        assertThat(invalidLines).hasSize(18);

        List<String> ticks = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll("crypto.ticks")) {
            ticks.add(JSON.readTree(record.value()).get("id").textValue());
        }
        assertThat(ticks).containsExactlyInAnyOrderElementsOf(validIds);
        List<String> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll("crypto.ticks.dlq")) {
            deadLetters.add(JSON.readTree(record.value()).get("payload").textValue());
        }
        assertThat(deadLetters).containsExactlyElementsOf(invalidLines);

        String metrics = metrics();
        assertThat(value(metrics, "coinpulse_ingest_ticks_published_total{source=\"replay\"}")).isEqualTo(4297);
        assertThat(SavedPositions.location(Resumed.JOURNAL)).doesNotExist();
    }
}
