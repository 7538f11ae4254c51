package io.coinpulse.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./coinpulse reset}: removes the work directory (data, checkpoints, logs) after a confirmation. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Remove .coinpulse/ (Kafka data, database, checkpoints, lake, logs): the next up starts empty.")
final class ResetCommand implements Callable<Integer> {

    @Mixin
    WorkDirOption dirs;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws IOException {
        Path work = dirs.work();
        if (UpCommand.isRunning(work) || !dirs.registry().running().isEmpty()) {
            System.err.println("coinpulse: the stack is running with data in " + work + ": ./coinpulse stop first");
            return 2;
        }
        if (!Files.exists(work)) {
            UpCommand.say("nothing to remove: " + work + " does not exist");
            return 0;
        }
        if (!yes && !confirmed(work)) {
            UpCommand.say("kept " + work);
            return 1;
        }
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
        UpCommand.say("removed " + work);
        return 0;
    }

    private static boolean confirmed(Path work) throws IOException {
        System.out.print("Remove " + work + " (all data, checkpoints and logs)? [y/N] ");
        System.out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes");
    }
}
