package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.KafkaNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack on its multi-process topology ({@code --cluster}) replaying the sample dataset, and the
 * checks every fault test on it ends with: exact windows, each record once in its topic.
 */
final class ClusterRun implements AutoCloseable {

    static final int VALID_TICKS = 7278;
    static final int INVALID_LINES = 37;

    /**
     * Bound of a wait for the job's output: generous, since a shared 2-core machine runs the eleven JVMs
     * of this topology (and a cold Spark start) many times slower than a dedicated one.
     */
    private static final Duration SLOW_MACHINE = Duration.ofMinutes(10);

    final Stack stack;
    final PipelineProbe probe;

    private ClusterRun(Stack stack) {
        this.stack = stack;
        this.probe = new PipelineProbe(stack);
    }

    /** Starts the stack on the cluster topology; the replay at {@code speed}, {@code env} on top. */
    static ClusterRun start(String name, String speed, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(PipelineProbe.sampleReplay(speed));
        all.putAll(env);
        return start(name, all);
    }

    /** Starts the stack on the cluster topology with {@code env}: its sources and settings. */
    static ClusterRun start(String name, Map<String, String> env) {
        Path work = PipelineProbe.HOME.resolve("launcher/target/cluster-" + name + "-" + System.currentTimeMillis());
        return new ClusterRun(Stack.start(new Stack.Options(PipelineProbe.HOME, work, env, 0, 0, 0, false, true),
                m -> System.out.println("[" + name + "] " + m)));
    }

    double published() {
        return metric("coinpulse_ingest_ticks_published_total");
    }

    void awaitPublished(double count) throws InterruptedException {
        PipelineProbe.await(count + " ticks published", Duration.ofMinutes(3), () -> published() >= count);
    }

    /**
     * Takes Kafka node {@code id} down once {@code published} ticks are in, killed (SIGKILL) or stopped
     * (controlled shutdown); {@link #bringBack} starts it again.
     */
    KafkaNode takeDownKafkaNode(int id, double published, boolean kill) throws InterruptedException {
        awaitPublished(published);
        KafkaNode node = stack.cluster().kafka().node(id);
        if (kill) {
            node.kill();
        } else {
            node.stop();
        }
        assertThat(node.isRunning()).isFalse();
        return node;
    }

    /** Starts a node {@link #takeDownKafkaNode} took down, on its ports and data, and records its new process. */
    void bringBack(KafkaNode node) {
        int port = node.port();
        node.restart();
        stack.cluster().recordKafka();
        assertThat(node.port()).isEqualTo(port);
    }

    /** Stops every Kafka node at once (controlled shutdown): the cluster unreachable until {@link #restartKafka}. */
    void stopKafka() {
        stack.cluster().kafka().close();
        assertThat(stack.cluster().kafka().nodes()).noneMatch(KafkaNode::isRunning);
    }

    /** Starts every Kafka node again, on its ports and data, and records the new processes. */
    void restartKafka() {
        stack.cluster().kafka().restart();
        stack.cluster().recordKafka();
    }

    /** Waits until the job has written a window: its executors are at work. */
    void awaitFirstWindow() throws Exception {
        ExpectedWindows first = ExpectedWindows.read(PipelineProbe.SAMPLE_WINDOWS).get(0);
        String path = "/api/v1/assets/" + first.asset() + "/windows?size=1m&source=" + first.source() + "&limit=10";
        PipelineProbe.await("a window written by the job", SLOW_MACHINE, () -> {
            try {
                return probe.getJson(path).path("windows").size() > 0;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * Once the replay is acknowledged: every window equals the dataset's expected one, crypto.ticks holds
     * each valid tick once, the DLQ each invalid line once, and ingest counted no failure.
     */
    Counts assertExactlyOnce() throws Exception {
        int windows = assertWindowsExact();
        int ticks = probe.readTopic("crypto.ticks", VALID_TICKS).size();
        int dlq = probe.readTopic("crypto.ticks.dlq", INVALID_LINES).size();
        assertThat(ticks).as("crypto.ticks records").isEqualTo(VALID_TICKS);
        assertThat(dlq).as("DLQ records").isEqualTo(INVALID_LINES);
        assertThat(published()).isEqualTo(VALID_TICKS);
        assertThat(metric("coinpulse_ingest_publish_failures_total")).isZero();
        return new Counts(ticks, dlq, windows);
    }

    /** Once the replay is acknowledged: every window equals the dataset's expected one; their number. */
    int assertWindowsExact() throws Exception {
        PipelineProbe.await("the replay acknowledged by Kafka", Duration.ofMinutes(10),
                () -> metric("coinpulse_ingest_replay_completed") == 1.0);
        return assertWindows(ExpectedWindows.read(PipelineProbe.SAMPLE_WINDOWS));
    }

    /** Every window the API serves in the range of {@code expected} equals one of them, and none is missing. */
    int assertWindows(List<ExpectedWindows> expected) throws Exception {
        assertThat(probe.awaitWindows(expected, SLOW_MACHINE)).as("windows after the fault").isEmpty();
        assertThat(Files.readString(stack.spark().log())).doesNotContain("OutOfMemoryError");
        return expected.size();
    }

    /** The raw text a record of {@code crypto.ticks.dlq} carries. */
    String deadLetterPayload(String deadLetter) {
        try {
            return probe.json().readTree(deadLetter).path("payload").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + deadLetter, e);
        }
    }

    /** What a run ended with: records in crypto.ticks and in the DLQ, windows equal to the expected ones. */
    record Counts(int ticks, int dlq, int exactWindows) {
    }

    double metric(String name) {
        try {
            return probe.ingestMetric(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
