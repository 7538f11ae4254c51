package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./coinpulse up} — the real script — killed with SIGKILL (its children left running,
 * as after a crashed terminal) and started again on the same data: it stops the leftovers, comes
 * back with its windows, and the same file replayed again changes no window (late or duplicate).
 */
class RestartTest {

    private JavaProcess up;

    @AfterEach
    void stop() {
        if (up != null) {
            up.stop(60);
        }
    }

    @Test
    void upKilledAndStartedAgainComesBackWithItsDataAndCountsNothingTwice() throws Exception {
        Path work = PipelineProbe.HOME.resolve("launcher/target/restart-" + System.currentTimeMillis());
        int port = Ports.free();
        List<ExpectedWindows> expected = ExpectedWindows.read(PipelineProbe.SAMPLE_WINDOWS);

        up = startUp(work, port, "first");
        awaitUp(up);
        assertThat(awaitWindows(port, expected)).as("first run").isEmpty();
        List<Long> children = up.process().descendants().map(ProcessHandle::pid).toList();
        assertThat(children).hasSizeGreaterThanOrEqualTo(5);

        // SIGKILL to the launcher alone: its children keep running, holding ports and data
        ProcessHandle.of(up.pid()).orElseThrow().destroyForcibly();
        up.process().waitFor();

        up = startUp(work, port, "second");
        awaitUp(up);
        assertThat(children).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .as("child %d of the killed launcher", pid).isNotEqualTo(java.util.Optional.of(true)));
        assertThat(Files.readString(up.log())).contains("left running by an earlier run");
        assertThat(awaitWindows(port, expected)).as("after the restart").isEmpty();
    }

    private static JavaProcess startUp(Path work, int port, String run) {
        Path script = PipelineProbe.HOME.resolve("coinpulse");
        return JavaProcess.start("coinpulse-up-" + run, List.of(script.toString(), "up", "--work-dir", work.toString(),
                        "--port", Integer.toString(port), "--ingest-port", "0", "--kafka-port", "0"),
                Map.of("COINPULSE_INGEST_SOURCES", "replay",
                        "COINPULSE_INGEST_REPLAY_FILE", PipelineProbe.SAMPLE_TICKS.toString(),
                        "COINPULSE_INGEST_REPLAY_SPEED", "max"),
                work.resolveSibling(work.getFileName() + "-" + run + ".log"));
    }

    private static void awaitUp(JavaProcess up) throws InterruptedException {
        PipelineProbe.await("coinpulse is up", Duration.ofMinutes(4), () -> {
            if (!up.isAlive()) {
                throw new AssertionError("./coinpulse up exited: " + up.logTail(30));
            }
            try {
                return Files.exists(up.log()) && Files.readString(up.log()).contains("coinpulse is up: http://localhost:");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    private static List<String> awaitWindows(int port, List<ExpectedWindows> expected) throws InterruptedException {
        return new PipelineProbe(port).awaitWindows(expected, Duration.ofMinutes(3));
    }
}
