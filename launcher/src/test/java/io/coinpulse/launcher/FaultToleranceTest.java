package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected into the running pipeline while the sample dataset streams through it at three
 * times real speed: the Spark job killed with SIGKILL, the Kafka broker down for 30 s, the
 * database down for 60 s. Afterwards every window must equal the dataset's expected windows and
 * every topic must hold each record exactly once: nothing lost, nothing counted twice.
 */
class FaultToleranceTest {

    private static final int VALID_TICKS = 7278;
    private static final int INVALID_LINES = 37;

    private Stack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void nothingIsLostOrCountedTwiceThroughASparkCrashAHoldABrokerOutageAndADatabaseOutage() throws Exception {
        Path work = PipelineProbe.HOME.resolve("launcher/target/faults-" + System.currentTimeMillis());
        stack = Stack.start(new Stack.Options(PipelineProbe.HOME, work, PipelineProbe.sampleReplay("3"), 0, 0, 0), m -> System.out.println("[faults] " + m));
        PipelineProbe probe = new PipelineProbe(stack);

        // 1. kill -9 of the Spark job mid-stream: the supervisor restarts it from its checkpoint
        awaitPublished(probe, 1000);
        JavaProcess crashed = stack.spark();
        crashed.kill();
        assertThat(crashed.isAlive()).isFalse();
        PipelineProbe.await("the Spark job restarted", Duration.ofSeconds(90),
                () -> stack.sparkRestarts() >= 1 && stack.spark() != crashed && stack.spark().isAlive());

        // 1b. held (as the bench holds it for its own runs of the job): stopped and left down until released
        int restarts = stack.sparkRestarts();
        stack.holdSpark();
        JavaProcess held = stack.spark();
        assertThat(held.isAlive()).isFalse();
        Thread.sleep(5_000);
        assertThat(stack.spark()).isSameAs(held);
        assertThat(stack.sparkRestarts()).isEqualTo(restarts);
        stack.releaseSpark();
        assertThat(stack.spark()).isNotSameAs(held);
        assertThat(stack.spark().isAlive()).isTrue();

        // 2. the broker stopped for 30 s while ingest publishes
        awaitPublished(probe, 2500);
        stack.broker().stop();
        assertThat(stack.broker().isRunning()).isFalse();
        Thread.sleep(30_000);
        stack.broker().restart();

        // 3. the database gone for 60 s: query-service turns not ready, then recovers by itself
        awaitPublished(probe, 4500);
        String ready = stack.queryManagementUrl() + "/q/health/ready";
        stack.database().stop();
        PipelineProbe.await("query-service not ready without its database", Duration.ofSeconds(30),
                () -> status(probe, ready) == 503);
        Thread.sleep(60_000);
        stack.database().restart();
        PipelineProbe.await("query-service ready again", Duration.ofSeconds(90), () -> status(probe, ready) == 200);

        PipelineProbe.await("the replay acknowledged by Kafka", Duration.ofMinutes(5),
                () -> metric(probe, "coinpulse_ingest_replay_completed") == 1.0);

        List<ExpectedWindows> expected = ExpectedWindows.read(PipelineProbe.SAMPLE_WINDOWS);
        assertThat(probe.awaitWindows(expected, Duration.ofMinutes(5))).as("windows after the faults").isEmpty();
        assertThat(probe.readTopic("crypto.ticks", VALID_TICKS)).as("crypto.ticks records").hasSize(VALID_TICKS);
        assertThat(probe.readTopic("crypto.ticks.dlq", INVALID_LINES)).as("DLQ records").hasSize(INVALID_LINES);
        assertThat(metric(probe, "coinpulse_ingest_ticks_published_total")).isEqualTo(VALID_TICKS);
        assertThat(metric(probe, "coinpulse_ingest_publish_failures_total")).isZero();
        assertThat(Files.readString(stack.spark().log())).doesNotContain("OutOfMemoryError");
    }

    private static void awaitPublished(PipelineProbe probe, int count) throws InterruptedException {
        PipelineProbe.await(count + " ticks published", Duration.ofMinutes(3),
                () -> metric(probe, "coinpulse_ingest_ticks_published_total") >= count);
    }

    private static double metric(PipelineProbe probe, String name) {
        try {
            return probe.ingestMetric(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int status(PipelineProbe probe, String url) {
        try {
            return probe.status(url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
