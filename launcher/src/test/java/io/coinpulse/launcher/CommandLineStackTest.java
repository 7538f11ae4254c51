package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The first ten minutes, as a user has them: {@code up --sources none} in one process, then from
 * another {@code status}, {@code replay} of the repository's sample (its exact windows served by the
 * API), and {@code stop}, which stops every part.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineStackTest {

    static final Path SAMPLE_TICKS = PipelineProbe.HOME.resolve("samples/ticks-sample.jsonl.gz");
    static final Path SAMPLE_WINDOWS = PipelineProbe.HOME.resolve("samples/ticks-sample.expected-1m.csv");
    static final List<String> PARTS = List.of("ingest-service", "kafka", "mariadb", "query-service", "spark");

    private Path work;
    private int port;
    private JavaProcess up;

    @BeforeAll
    void startUpInItsOwnProcess() throws InterruptedException {
        work = PipelineProbe.HOME.resolve("launcher/target/cli-" + System.currentTimeMillis());
        port = Ports.free();
        up = JavaProcess.start("coinpulse-up", List.of(JavaProcess.javaExecutable(), "-cp",
                        System.getProperty("java.class.path"), "-Dcoinpulse.home=" + PipelineProbe.HOME,
                        Coinpulse.class.getName(), "up", "--work-dir", work.toString(), "--port", Integer.toString(port),
                        "--ingest-port", "0", "--kafka-port", "0", "--sources", "none"),
                Map.of(), work.resolveSibling(work.getFileName() + "-up.log"));
        PipelineProbe.await("coinpulse is up", Duration.ofMinutes(5), () -> {
            if (!up.isAlive()) {
                throw new AssertionError("up exited: " + up.logTail(30));
            }
            return up.logTail(50).contains("coinpulse is up: http://localhost:" + port);
        });
    }

    @AfterAll
    void stopWhateverIsLeft() {
        if (up != null) {
            up.stop(60);
        }
    }

    @Test
    @Order(1)
    void statusShowsEveryPartAliveWithItsPortAndPid() {
        Cli status = Cli.run("status", "--work-dir", work.toString());

        assertThat(status.exitCode()).as(status.err()).isZero();
        SortedMap<String, ProcessHandle> running = new ProcessRegistry(work.resolve("run")).running();
        assertThat(running.keySet()).containsExactlyElementsOf(PARTS);
        StackRecord stack = StackRecord.read(work).orElseThrow();
        assertThat(stack.launcherPid()).isEqualTo(up.pid());
        List<String> lines = status.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("coinpulse is up: http://localhost:" + port + " (launcher pid " + up.pid()
                + ", data in " + work + ")");
        String kafkaPort = stack.kafkaBootstrap().substring(stack.kafkaBootstrap().lastIndexOf(':') + 1);
        String ingestPort = stack.ingestManagementUrl().substring(stack.ingestManagementUrl().lastIndexOf(':') + 1);
        assertThat(lines).contains(
                row("kafka", kafkaPort, running.get("kafka")),
                row("mariadb", Integer.toString(stack.databasePort()), running.get("mariadb")),
                row("query-service", Integer.toString(port), running.get("query-service")),
                row("spark", "-", running.get("spark")),
                row("ingest-service", ingestPort, running.get("ingest-service")),
                "  ticks in         0/s (0 on crypto.ticks)",
                "  newest window    none yet",
                "  dead letters     0 records on crypto.ticks.dlq");
    }

    @Test
    @Order(2)
    void replayOfTheRepositorysSamplePrintsItsSummaryAndTheApiServesItsExactWindows() throws Exception {
        Cli replay = Cli.run("replay", "--work-dir", work.toString(), SAMPLE_TICKS.toString());

        assertThat(replay.exitCode()).as(replay.err()).isZero();
        // 7,315 lines: 37 invalid, 78 repeat an earlier (source, id) (../shared/datasets/README.md)
        assertThat(replay.out()).matches("coinpulse: replayed ticks-sample\\.jsonl\\.gz: 7,315 lines, 7,278 published,"
                + " 37 rejected \\(to crypto\\.ticks\\.dlq\\), 78 duplicates \\(counted once by the stream\\), \\d+\\.\\d s\n");
        assertThat(replay.err()).contains("7315/7315");
        assertThat(new ProcessRegistry(work.resolve("run")).running()).doesNotContainKey(ReplayCommand.PART);

        List<ExpectedWindows> expected = ExpectedWindows.read(SAMPLE_WINDOWS);
        assertThat(expected).hasSize(53);
        assertThat(new PipelineProbe(port).awaitWindows(expected, Duration.ofMinutes(5)))
                .as("windows served vs. samples/ticks-sample.expected-1m.csv").isEmpty();

        Cli status = Cli.run("status", "--work-dir", work.toString());
        assertThat(status.out().lines().toList()).contains("  ticks in         0/s (7,278 on crypto.ticks)",
                "  consumer lag     0 records (crypto.ticks not yet taken by the Spark job)",
                "  dead letters     37 records on crypto.ticks.dlq");
    }

    @Test
    @Order(3)
    void stopFromAnotherProcessStopsEveryPart() throws Exception {
        SortedMap<String, ProcessHandle> running = new ProcessRegistry(work.resolve("run")).running();
        assertThat(running.keySet()).containsExactlyElementsOf(PARTS);

        Cli stop = Cli.run("stop", "--work-dir", work.toString());

        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).startsWith("coinpulse: stopping the stack (pid " + up.pid() + ")\n")
                .endsWith("coinpulse: stopped\n");
        assertThat(up.isAlive()).isFalse();
        assertThat(running.values()).noneMatch(ProcessHandle::isAlive);
        assertThat(work.resolve("run/stack.properties")).doesNotExist();
        assertThat(Files.readString(up.log())).contains("coinpulse: stopping ingest-service", "coinpulse: stopped");
        assertThat(Cli.run("status", "--work-dir", work.toString()).exitCode()).isEqualTo(StatusCommand.NOT_RUNNING);
    }

    private static String row(String part, String port, ProcessHandle process) {
        return String.format("  %-16s %-6s %-6s %s", part, "alive", port, process.pid());
    }
}
