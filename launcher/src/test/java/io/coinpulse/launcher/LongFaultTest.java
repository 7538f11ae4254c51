package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.KafkaNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault tests that take longer than CI affords, on the multi-process topology: run with
 * {@code ./mvnw -Pfault-long -pl launcher -am verify -Dtest=LongFaultTest -Dsurefire.failIfNoSpecifiedTests=false};
 * their results are recorded in docs/FAULTS.md. Each prints one {@code [result]} line: what was
 * stopped, for how long, records in and out.
 */
@Tag("fault-long")
class LongFaultTest {

    /**
     * The database away three times the job's retry budget: the job stops with its reason, the
     * supervisor restarts it from its checkpoint until the database is back, and no window differs.
     */
    @Test
    void theDatabaseAwayLongerThanTheRetryBudgetStopsTheJobWhichResumesFromItsCheckpoint() throws Exception {
        try (ClusterRun run = ClusterRun.start("db-outage", "3", Map.of("COINPULSE_DB_RETRY_BUDGET", "20s"))) {
            run.awaitPublished(2000);
            run.awaitFirstWindow();
            Instant stopped = Instant.now();
            run.stack.database().stop();
            PipelineProbe.await("the job stopped and restarted by the supervisor", Duration.ofMinutes(3),
                    () -> run.stack.sparkRestarts() >= 1);
            Thread.sleep(Math.max(0, Duration.ofSeconds(60).minus(Duration.between(stopped, Instant.now())).toMillis()));
            run.stack.database().restart();
            Duration away = Duration.between(stopped, Instant.now());

            ClusterRun.Counts out = run.assertExactlyOnce();
            assertThat(Files.readString(run.stack.spark().log())).contains("coinpulse stream failed:");
            report(run, "database stopped", away, run.stack.sparkRestarts() + " supervised restarts of the job", out);
        }
    }

    /** One of the three Kafka nodes stopped for 5 minutes while the replay runs at real speed. */
    @Test
    void aKafkaNodeStoppedFiveMinutesDuringAReplayLosesAndDuplicatesNothing() throws Exception {
        try (ClusterRun run = ClusterRun.start("broker-5min", "1", Map.of())) {
            KafkaNode node = run.takeDownKafkaNode(1, 500, false);
            Instant stopped = Instant.now();
            double before = run.published();
            Thread.sleep(Duration.ofMinutes(5).toMillis());
            double during = run.published() - before;
            run.bringBack(node);
            Duration away = Duration.between(stopped, Instant.now());
            assertThat(during).as("ticks published while the node was down").isGreaterThan(0);

            ClusterRun.Counts out = run.assertExactlyOnce();
            report(run, "Kafka node 1 of 3 stopped", away, (long) during + " ticks published while it was down", out);
        }
    }

    private static void report(ClusterRun run, String what, Duration away, String detail, ClusterRun.Counts out) {
        System.out.printf("[result] %s for %d s; %s; records in: %d valid ticks published + %d invalid lines"
                + " of the file; out: %d in crypto.ticks, %d in the DLQ; %d of %d windows exact%n", what,
                away.toSeconds(), detail, (long) run.published(), ClusterRun.INVALID_LINES, out.ticks(), out.dlq(),
                out.exactWindows(), out.exactWindows());
    }
}
