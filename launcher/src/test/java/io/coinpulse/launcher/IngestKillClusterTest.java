package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ingest-service killed (SIGKILL) mid-replay on the multi-process topology and started again: the replay
 * resumes after the last line Kafka acknowledged in full. Nothing is lost; only the lines not yet recorded as
 * acknowledged at the kill may be published twice (the job drops those duplicates by {@code (source, id)}), so
 * the windows stay exact. About five minutes on two cores: a long fault test
 * ({@code ./coinpulse fault-test}).
 */
@Tag("fault-long")
class IngestKillClusterTest {

    private static final int MAX_IN_FLIGHT = 64;
    private static final int POSITION_EVERY = 100;
    /**
     * Lines a restart may publish twice: those acknowledged since the last save of the position (at most
     * {@link #POSITION_EVERY}, plus what was acknowledged while the replay waited on a permit, at most the
     * records in flight) and those in flight at the kill.
     */
    private static final int DUPLICATE_BOUND = POSITION_EVERY + 2 * MAX_IN_FLIGHT;

    @Test
    void ingestKilledMidReplayAndRestartedResumesAfterItsAcknowledgedLines() throws Exception {
        try (ClusterRun run = ClusterRun.start("ingest-kill", "10", Map.of(
                "COINPULSE_INGEST_PUBLISH_MAX_IN_FLIGHT", Integer.toString(MAX_IN_FLIGHT),
                "COINPULSE_INGEST_REPLAY_POSITION_EVERY", Integer.toString(POSITION_EVERY)))) {
            run.awaitPublished(2000);
            JavaProcess killed = run.stack.ingest();
            double publishedBefore = run.published();
            Instant down = Instant.now();
            killed.kill();
            assertThat(killed.isAlive()).isFalse();
            long resumedAt = ReplayedLines.savedPosition(
                    Path.of(run.stack.appEnvironment().get("COINPULSE_INGEST_JOURNAL_PATH")));
            assertThat(resumedAt).as("lines saved as acknowledged before the kill").isPositive();
            run.stack.restartIngest();
            Duration away = Duration.between(down, Instant.now());

            int windows = run.assertWindowsExact();
            List<ConsumerRecord<String, String>> dlq = run.probe.readTopic("crypto.ticks.dlq", ClusterRun.INVALID_LINES);
            Set<String> invalid = dlq.stream().map(r -> run.deadLetterPayload(r.value())).collect(Collectors.toSet());
            ReplayedLines file = new ReplayedLines(PipelineProbe.SAMPLE_TICKS, invalid, run.probe.json());
            Map<String, Integer> valid = file.validFrom(0);
            assertThat(sum(valid)).as("valid lines of the file").isEqualTo(ClusterRun.VALID_TICKS);
            assertThat(sum(file.invalidFrom(0))).as("lines of the file in the DLQ").isEqualTo(ClusterRun.INVALID_LINES);

            // the restarted replay published exactly the valid ticks from its saved position on
            Map<String, Integer> resumed = file.validFrom(resumedAt);
            assertThat(run.published()).isEqualTo(sum(resumed));
            assertThat(run.metric("coinpulse_ingest_publish_failures_total")).isZero();

            List<ConsumerRecord<String, String>> ticks = run.probe.readTopic("crypto.ticks", ClusterRun.VALID_TICKS);
            Map<String, Integer> inTopic = new HashMap<>();
            ticks.forEach(r -> inTopic.merge(file.key(r.value()), 1, Integer::sum));
            int tickDuplicates = assertNothingLostAndDuplicatesAfter(inTopic, valid, resumed, "crypto.ticks");
            Map<String, Integer> dlqTexts = new HashMap<>();
            dlq.forEach(r -> dlqTexts.merge(run.deadLetterPayload(r.value()), 1, Integer::sum));
            int dlqDuplicates = assertNothingLostAndDuplicatesAfter(dlqTexts, file.invalidFrom(0),
                    file.invalidFrom(resumedAt), "the DLQ");
            assertThat(tickDuplicates + dlqDuplicates).as("records published twice").isLessThanOrEqualTo(DUPLICATE_BOUND);

            System.out.printf("[result] ingest-service killed (SIGKILL) after %d ticks acknowledged, restarted after"
                    + " %d s, resumed after line %d of %d; records in: %d valid ticks + %d invalid lines of the file;"
                    + " out: %d in crypto.ticks (%d distinct, %d published twice), %d in the DLQ (%d twice);"
                    + " %d of %d windows exact%n", (long) publishedBefore, away.toSeconds(), resumedAt,
                    ClusterRun.VALID_TICKS + ClusterRun.INVALID_LINES, ClusterRun.VALID_TICKS, ClusterRun.INVALID_LINES,
                    ticks.size(), inTopic.size(), tickDuplicates, dlq.size(), dlqDuplicates, windows, windows);
        }
    }

    /**
     * Every key is in the topic at least as often as in the file, exactly as many distinct keys as the file has, and
     * a key is there more often only when it occurs at or after the resumed line. Returns the extra records.
     */
    private static int assertNothingLostAndDuplicatesAfter(Map<String, Integer> inTopic, Map<String, Integer> inFile,
            Map<String, Integer> afterResume, String topic) {
        assertThat(inTopic.keySet()).as("distinct records in " + topic).isEqualTo(inFile.keySet());
        int extra = 0;
        for (Map.Entry<String, Integer> e : inFile.entrySet()) {
            int more = inTopic.get(e.getKey()) - e.getValue();
            assertThat(more).as("%s: %s beyond the file's %d", topic, e.getKey(), e.getValue()).isNotNegative();
            if (more > 0) {
                assertThat(afterResume).as("%s published twice, a record at or after the resumed line", e.getKey())
                        .containsKey(e.getKey());
                assertThat(more).isLessThanOrEqualTo(afterResume.get(e.getKey()));
            }
            extra += more;
        }
        return extra;
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
