package io.coinpulse.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The long fault tests of docs/FAULTS.md (those CI cannot afford) and the Maven commands that run them: the
 * packaged services and job first (the launcher's tests start them as processes), then each module's tests under
 * {@code -Pfault-long}, without its integration tests.
 */
final class FaultTestPlan {

    /** A long fault test class, its module and what it does to the pipeline. */
    record LongTest(String module, String testClass, String fault) {
    }

    static final List<LongTest> TESTS = List.of(
            new LongTest("ingest-service", "KafkaOutageTest",
                    "the broker stopped 5 minutes while a live exchange streams and a replay runs (the journal path)"),
            new LongTest("launcher", "LongFaultTest",
                    "the database away past the job's retry budget; a Kafka node of three stopped 5 minutes"),
            new LongTest("launcher", "IngestKillClusterTest",
                    "ingest-service killed (SIGKILL) mid-replay on the cluster topology and restarted"),
            new LongTest("launcher", "IngestKillLiveClusterTest",
                    "ingest-service killed (SIGKILL) twice during a live stream on the cluster topology, once with"
                            + " Kafka up, once with the Kafka cluster stopped and ticks in its journal; restarted"));

    /** What the launcher's tests run: the services' and the job's packaged jars. */
    static final String PACKAGED = "ingest-service,query-service,spark-app,launcher";

    private FaultTestPlan() {
    }

    /**
     * The Maven commands, in order: the package step (unless {@code skipBuild}), then one verify per module.
     *
     * @param offline Maven's {@code -o}: no repository access, for a machine whose dependencies are all local
     */
    static List<List<String>> commands(Path home, boolean skipBuild, boolean offline) {
        List<List<String>> commands = new ArrayList<>();
        if (!skipBuild) {
            commands.add(maven(home, offline, "-DskipTests", "package", "-pl", PACKAGED, "-am"));
        }
        Map<String, List<String>> byModule = new LinkedHashMap<>();
        TESTS.forEach(t -> byModule.computeIfAbsent(t.module(), m -> new ArrayList<>()).add(t.testClass()));
        byModule.forEach((module, classes) -> commands.add(maven(home, offline, "-Pfault-long", "-pl", module, "-am",
                "verify", "-Dtest=" + String.join(",", classes), "-Dsurefire.failIfNoSpecifiedTests=false",
                "-DskipITs")));
        return commands;
    }

    private static List<String> maven(Path home, boolean offline, String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("mvnw").toString(), "-B", "-ntp"));
        if (offline) {
            command.add("-o");
        }
        command.addAll(List.of(args));
        return command;
    }
}
