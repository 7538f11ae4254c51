package io.coinpulse.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./coinpulse logs [PART] [-f]}: the last lines of one part's log, or of all, optionally followed. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Show the last lines of a part's log, or of every part's; -f follows them.",
        footer = "Parts: kafka, query-service, spark, ingest-service, replay. Without PART each line is prefixed"
                + " with its part.")
final class LogsCommand implements Callable<Integer> {

    @Mixin
    WorkDirOption dirs;

    @Parameters(arity = "0..1", paramLabel = "PART", description = "The part whose log to show (default: every part).")
    String part;

    @Option(names = {"-f", "--follow"}, description = "Keep printing lines as they are written, until Ctrl-C.")
    boolean follow;

    @Option(names = {"-n", "--lines"}, description = "How many of the last lines to show (default: ${DEFAULT-VALUE}).",
            defaultValue = "40")
    int lines;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<String, Path> logs = logs();
        if (logs.isEmpty()) {
            System.err.println("coinpulse: no logs in " + dirs.work() + " yet: ./coinpulse up writes them");
            return 1;
        }
        if (part != null && !logs.containsKey(part)) {
            System.err.println("coinpulse: no log of '" + part + "'; parts with logs: " + String.join(", ", logs.keySet()));
            return 2;
        }
        Map<String, Path> shown = part != null ? Map.of(part, logs.get(part)) : logs;
        List<Thread> followers = new ArrayList<>();
        for (Map.Entry<String, Path> log : shown.entrySet()) {
            String prefix = part != null ? "" : "[" + log.getKey() + "] ";
            long size = Files.size(log.getValue());
            for (String line : tail(log.getValue(), lines)) {
                System.out.println(prefix + line);
            }
            if (follow) {
                followers.add(LogEcho.follow(log.getValue(), size, line -> {
                    synchronized (System.out) {
                        System.out.println(prefix + line);
                        System.out.flush();
                    }
                }));
            }
        }
        for (Thread follower : followers) {
            follower.join();
        }
        return 0;
    }

    /** Part name → log file: every {@code logs/*.log}, and the broker's. */
    private Map<String, Path> logs() throws IOException {
        Map<String, Path> out = new TreeMap<>();
        Path broker = dirs.work().resolve("kafka/broker.log");
        if (Files.isRegularFile(broker)) {
            out.put("kafka", broker);
        }
        Path dir = dirs.work().resolve("logs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".log"))
                        .forEach(f -> out.put(f.getFileName().toString().replaceFirst("\\.log$", ""), f));
            }
        }
        return out;
    }

    /** The last {@code count} lines of a file, reading at most its last 4 MiB. */
    private static List<String> tail(Path file, int count) throws IOException {
        long size = Files.size(file);
        long from = Math.max(0, size - (4 << 20));
        String text;
        try (var in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<String> all = text.lines().toList();
        return all.subList(Math.max(0, all.size() - count), all.size());
    }
}
