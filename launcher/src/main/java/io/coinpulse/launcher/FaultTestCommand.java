package io.coinpulse.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./coinpulse fault-test}: runs the long fault tests of docs/FAULTS.md with Maven, one module after the
 * other. Maven's output goes to {@code <work>/logs/fault-test.log}; the terminal gets each test's {@code [result]}
 * line, the test counts and each build's outcome.
 */
@Command(name = "fault-test", mixinStandardHelpOptions = true,
        description = "Run the long fault tests (minutes of outage each; about an hour in all) and print their results.",
        footer = {"Each test prints one [result] line: what was stopped or killed, for how long, records in and out,"
            + " windows exact. docs/FAULTS.md records the last results."})
final class FaultTestCommand implements Callable<Integer> {

    /** The lines of Maven's output shown on the terminal. */
    private static final Pattern SHOWN = Pattern.compile(
            "\\[result] .*|\\[(INFO|WARNING|ERROR)] Tests run: .*|\\[(INFO|ERROR)] BUILD (SUCCESS|FAILURE)");

    @Mixin
    WorkDirOption dirs;

    @Option(names = "--list", description = "Print the tests and the Maven commands, run nothing.")
    boolean list;

    @Option(names = "--skip-build", description = "Do not package the services and the job first.")
    boolean skipBuild;

    @Option(names = "--offline", description = "Run Maven offline (-o).")
    boolean offline;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<List<String>> commands = FaultTestPlan.commands(dirs.home(), skipBuild, offline);
        if (list) {
            printPlan(commands);
            return 0;
        }
        Path log = dirs.work().resolve("logs/fault-test.log");
        Files.createDirectories(log.getParent());
        UpCommand.say("Maven's output goes to " + log);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (int i = 0; i < commands.size(); i++) {
                UpCommand.say("running " + (i + 1) + "/" + commands.size() + ": " + String.join(" ", commands.get(i)));
                int exit = run(commands.get(i), out);
                if (exit != 0) {
                    System.err.println("coinpulse: the fault tests failed (Maven exited with " + exit + "); see " + log);
                    return 1;
                }
            }
        }
        UpCommand.say("every long fault test passed");
        return 0;
    }

    private static void printPlan(List<List<String>> commands) {
        System.out.println("The long fault tests:");
        FaultTestPlan.TESTS.forEach(t -> System.out.printf("  %-16s %-26s %s%n", t.module(), t.testClass(), t.fault()));
        System.out.println("Run with:");
        commands.forEach(c -> System.out.println("  " + String.join(" ", c)));
    }

    /** Runs Maven in the repository, its output to {@code log}, the lines worth seeing to the terminal too. */
    private int run(List<String> command, PrintWriter log) throws IOException, InterruptedException {
        Process maven = new ProcessBuilder(command).directory(dirs.home().toFile()).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(maven.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.println(line);
                if (shown(line)) {
                    System.out.println(line);
                }
            }
        } finally {
            if (maven.isAlive()) {
                maven.destroy();
            }
        }
        return maven.waitFor();
    }

    /** Whether a line of Maven's output is shown on the terminal: a test's result, test counts, the outcome. */
    static boolean shown(String line) {
        return SHOWN.matcher(line).find();
    }
}
