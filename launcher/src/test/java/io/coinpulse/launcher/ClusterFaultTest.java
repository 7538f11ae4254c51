package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.KafkaNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Faults on the multi-process topology ({@code ./coinpulse up --cluster}): three KRaft Kafka nodes at
 * replication 3 with {@code min.insync.replicas} 2, and the job submitted to a Spark standalone master
 * with two workers. The sample dataset streams through at ten times real speed; afterwards every window
 * equals the dataset's expected windows and each record is in its topic exactly once.
 */
class ClusterFaultTest {

    @Test
    void aKafkaNodeKilledMidStreamAndBroughtBackLosesAndDuplicatesNothing() throws Exception {
        try (ClusterRun run = ClusterRun.start("broker-kill", "10", Map.of())) {
            KafkaNode victim = run.takeDownKafkaNode(2, 2000, true);
            // the other two keep every ISR at min.insync.replicas: ingest publishes on while it is down
            run.awaitPublished(run.published() + 1000);
            run.bringBack(victim);

            run.assertExactlyOnce();
        }
    }

    @Test
    void aSparkWorkerKilledWithItsExecutorMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (ClusterRun run = ClusterRun.start("worker-kill", "10", Map.of())) {
            assertThat(run.stack.cluster().spark().aliveWorkers()).isEqualTo(2);
            run.awaitPublished(2000);
            run.awaitFirstWindow();
            JavaProcess worker = run.stack.cluster().spark().worker(1);
            List<ProcessHandle> executors = worker.process().descendants().toList();
            assertThat(executors).as("the executor the worker launched").isNotEmpty();
            JavaProcess driver = run.stack.spark();
            worker.kill();
            assertThat(worker.isAlive()).isFalse();
            assertThat(executors).noneMatch(ProcessHandle::isAlive);
            PipelineProbe.await("the master counting one worker", Duration.ofMinutes(2),
                    () -> run.stack.cluster().spark().aliveWorkers() == 1);

            run.assertExactlyOnce();
            // the job rode through on the other worker: the driver was never restarted
            assertThat(run.stack.spark()).isSameAs(driver);
            assertThat(run.stack.sparkRestarts()).isZero();
        }
    }
}
