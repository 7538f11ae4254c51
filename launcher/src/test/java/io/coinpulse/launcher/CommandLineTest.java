package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands of {@code ./coinpulse} that need no running stack, and the script's help without a build. */
class CommandLineTest {

    static final Path USAGE = PipelineProbe.HOME.resolve("launcher/src/main/resources/io/coinpulse/launcher/usage.txt");

    @TempDir
    Path work;

    @Test
    void theScriptsUsageFileIsTheLaunchersOwnUsage() throws Exception {
        String usage = new CommandLine(new Coinpulse()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(Files.readString(USAGE)).as("regenerate " + USAGE + " with ./coinpulse help after changing a command")
                .isEqualTo(usage);
        assertThat(usage).contains("  up          ", "  status      ", "  logs        ", "  stop        ",
                "  replay      ", "  reset       ", "  fault-test  ", "  help        ");
    }

    @Test
    void theScriptAnswersHelpFromTheUsageFileWithoutJava() throws Exception {
        Path log = work.resolve("help.log");
        // only the two tools the answer needs on the PATH: no java, no build
        for (String tool : List.of("dirname", "cat")) {
            Files.createSymbolicLink(work.resolve(tool), Path.of("/usr/bin", tool));
        }
        JavaProcess.run("coinpulse-help", List.of("/bin/bash", PipelineProbe.HOME.resolve("coinpulse").toString(), "--help"),
                Map.of("PATH", work.toString()), log, 10);
        assertThat(Files.readString(log)).isEqualTo(Files.readString(USAGE));
    }

    @Test
    void statusStopAndReplaySayNotRunningWithExitCode3() {
        Cli status = Cli.run("status", "--work-dir", work.toString());
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.out()).isEqualTo("coinpulse is not running (data in " + work + ")\n");

        Cli stop = Cli.run("stop", "--work-dir", work.toString());
        assertThat(stop.exitCode()).isEqualTo(3);
        assertThat(stop.out()).isEqualTo("coinpulse: not running\n");

        Cli replay = Cli.run("replay", "--work-dir", work.toString(), "samples/frames-sample.jsonl");
        assertThat(replay.exitCode()).isEqualTo(3);
        assertThat(replay.err()).isEqualTo("coinpulse: not running: start it with ./coinpulse up, then replay\n");
    }

    @Test
    void resetRemovesTheWorkDirectoryOnlyWhenConfirmed() throws Exception {
        Path data = work.resolve(".coinpulse");
        Files.createDirectories(data.resolve("kafka/logs"));
        Files.writeString(data.resolve("kafka/logs/00000.log"), "x");

        Cli declined = Cli.withInput("n\n", "reset", "--work-dir", data.toString());
        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(declined.out()).isEqualTo("Remove " + data + " (all data, checkpoints and logs)? [y/N] coinpulse: kept "
                + data + "\n");
        assertThat(data.resolve("kafka/logs/00000.log")).exists();

        Cli confirmed = Cli.withInput("y\n", "reset", "--work-dir", data.toString());
        assertThat(confirmed.exitCode()).isZero();
        assertThat(data).doesNotExist();

        Files.createDirectories(data.resolve("logs"));
        Cli yes = Cli.run("reset", "--yes", "--work-dir", data.toString());
        assertThat(yes.exitCode()).isZero();
        assertThat(yes.out()).isEqualTo("coinpulse: removed " + data + "\n");
        assertThat(data).doesNotExist();
    }

    @Test
    void logsShowsThePartsLastLinesOrEveryPartsWithPrefixes() throws Exception {
        Files.createDirectories(work.resolve("logs"));
        Files.createDirectories(work.resolve("kafka"));
        Files.writeString(work.resolve("logs/spark.log"), "one\ntwo\nthree\n");
        Files.writeString(work.resolve("logs/query-service.log"), "q1\n");
        Files.writeString(work.resolve("kafka/broker.log"), "k1\nk2\n");

        Cli spark = Cli.run("logs", "spark", "-n", "2", "--work-dir", work.toString());
        assertThat(spark.exitCode()).isZero();
        assertThat(spark.out()).isEqualTo("two\nthree\n");

        Cli all = Cli.run("logs", "-n", "1", "--work-dir", work.toString());
        assertThat(all.out()).isEqualTo("[kafka] k2\n[query-service] q1\n[spark] three\n");

        Cli unknown = Cli.run("logs", "sparks", "--work-dir", work.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("coinpulse: no log of 'sparks'; parts with logs: kafka, query-service, spark\n");
    }
}
