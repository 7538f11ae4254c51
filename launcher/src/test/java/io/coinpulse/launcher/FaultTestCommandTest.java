package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./coinpulse fault-test}: its options, the Maven commands it builds, and how it runs them (a stand-in mvnw). */
class FaultTestCommandTest {

    @TempDir
    Path home;

    @Test
    void theCommandsPackageFirstThenRunEachModulesLongTestsUnderTheProfile() {
        assertThat(FaultTestPlan.commands(home, false, false)).containsExactly(
                List.of(home.resolve("mvnw").toString(), "-B", "-ntp", "-DskipTests", "package",
                        "-pl", "ingest-service,query-service,spark-app,launcher", "-am"),
                List.of(home.resolve("mvnw").toString(), "-B", "-ntp", "-Pfault-long", "-pl", "ingest-service", "-am",
                        "verify", "-Dtest=KafkaOutageTest", "-Dsurefire.failIfNoSpecifiedTests=false", "-DskipITs"),
                List.of(home.resolve("mvnw").toString(), "-B", "-ntp", "-Pfault-long", "-pl", "launcher", "-am",
                        "verify", "-Dtest=LongFaultTest,IngestKillClusterTest,IngestKillLiveClusterTest",
                        "-Dsurefire.failIfNoSpecifiedTests=false", "-DskipITs"));
    }

    @Test
    void skipBuildAndOfflineChangeOnlyWhatTheySay() {
        List<List<String>> commands = FaultTestPlan.commands(home, true, true);
        assertThat(commands).hasSize(2);
        assertThat(commands.get(0)).containsExactly(home.resolve("mvnw").toString(), "-B", "-ntp", "-o", "-Pfault-long",
                "-pl", "ingest-service", "-am", "verify", "-Dtest=KafkaOutageTest",
                "-Dsurefire.failIfNoSpecifiedTests=false", "-DskipITs");
    }

    @Test
    void listPrintsTheTestsAndCommandsAndRunsNothing() {
        Cli cli = Cli.run("fault-test", "--list", "--skip-build", "--home", home.toString());
        assertThat(cli.exitCode()).isZero();
        String mvnw = home.resolve("mvnw").toString();
        assertThat(cli.out()).isEqualTo(String.join("\n",
                "The long fault tests:",
                "  ingest-service   KafkaOutageTest            the broker stopped 5 minutes while a live exchange"
                        + " streams and a replay runs (the journal path)",
                "  launcher         LongFaultTest              the database away past the job's retry budget; a Kafka"
                        + " node of three stopped 5 minutes",
                "  launcher         IngestKillClusterTest      ingest-service killed (SIGKILL) mid-replay on the cluster"
                        + " topology and restarted",
                "  launcher         IngestKillLiveClusterTest  ingest-service killed (SIGKILL) twice during a live stream"
                        + " on the cluster topology, once with Kafka up, once with the Kafka cluster stopped and ticks in"
                        + " its journal; restarted",
                "Run with:",
                "  " + mvnw + " -B -ntp -Pfault-long -pl ingest-service -am verify -Dtest=KafkaOutageTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -DskipITs",
                "  " + mvnw + " -B -ntp -Pfault-long -pl launcher -am verify"
                        + " -Dtest=LongFaultTest,IngestKillClusterTest,IngestKillLiveClusterTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs",
                ""));
        assertThat(home.resolve(".coinpulse")).doesNotExist();
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Cli cli = Cli.run("fault-test", "--lst");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).startsWith("Unknown option: '--lst'");
    }

    @Test
    void itRunsEachCommandInTheRepositoryAndShowsOnlyResultsCountsAndOutcomes() throws IOException {
        fakeMaven("echo \"[INFO] Scanning for projects... $*\"\n"
                + "echo '[result] broker stopped for 300 s; out: 7278 in crypto.ticks'\n"
                + "echo '[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0'\n"
                + "echo '[INFO] BUILD SUCCESS'\n"
                + "pwd\n");
        Cli cli = Cli.run("fault-test", "--skip-build", "--home", home.toString());

        assertThat(cli.exitCode()).isZero();
        Path log = home.resolve(".coinpulse/logs/fault-test.log");
        assertThat(cli.out().lines().toList()).containsExactly(
                "coinpulse: Maven's output goes to " + log,
                "coinpulse: running 1/2: " + String.join(" ", FaultTestPlan.commands(home, true, false).get(0)),
                "[result] broker stopped for 300 s; out: 7278 in crypto.ticks",
                "[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0",
                "[INFO] BUILD SUCCESS",
                "coinpulse: running 2/2: " + String.join(" ", FaultTestPlan.commands(home, true, false).get(1)),
                "[result] broker stopped for 300 s; out: 7278 in crypto.ticks",
                "[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0",
                "[INFO] BUILD SUCCESS",
                "coinpulse: every long fault test passed");
        // everything Maven printed is in the log, run from the repository
        assertThat(Files.readAllLines(log)).hasSize(10).contains(home.toString(),
                "[INFO] Scanning for projects... -B -ntp -Pfault-long -pl launcher -am verify"
                        + " -Dtest=LongFaultTest,IngestKillClusterTest,IngestKillLiveClusterTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -DskipITs");
    }

    @Test
    void aFailingMavenRunStopsTheRestAndFails() throws IOException {
        fakeMaven("echo '[ERROR] Tests run: 1, Failures: 1, Errors: 0, Skipped: 0'\necho '[INFO] BUILD FAILURE'\nexit 1\n");
        Cli cli = Cli.run("fault-test", "--home", home.toString());

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.out()).contains("running 1/3").doesNotContain("running 2/3")
                .contains("[ERROR] Tests run: 1, Failures: 1, Errors: 0, Skipped: 0", "[INFO] BUILD FAILURE");
        assertThat(cli.err()).isEqualTo("coinpulse: the fault tests failed (Maven exited with 1); see "
                + home.resolve(".coinpulse/logs/fault-test.log") + "\n");
    }

    @Test
    void onlyResultsCountsAndOutcomesAreShown() {
        assertThat(FaultTestCommand.shown("[result] ingest-service killed")).isTrue();
        assertThat(FaultTestCommand.shown("[WARNING] Tests run: 3, Failures: 0, Errors: 0, Skipped: 1")).isTrue();
        assertThat(FaultTestCommand.shown("[INFO] BUILD FAILURE")).isTrue();
        assertThat(FaultTestCommand.shown("[INFO] Building launcher 0.1.0-SNAPSHOT")).isFalse();
        assertThat(FaultTestCommand.shown("[ingest-kill] starting Kafka")).isFalse();
    }

    private void fakeMaven(String body) throws IOException {
        Path mvnw = home.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
