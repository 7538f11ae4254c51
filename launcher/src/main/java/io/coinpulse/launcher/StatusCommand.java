package io.coinpulse.launcher;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./coinpulse status}: each part of the running stack and the pipeline's figures. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each part (alive, port, pid), ticks/s in, the newest window's age, consumer lag, dead letters.",
        footer = "Exit code 0 when the stack is up, 3 when it is not running, 4 while it is starting.")
final class StatusCommand implements Callable<Integer> {

    static final int NOT_RUNNING = 3;
    static final int STARTING = 4;

    @Mixin
    WorkDirOption dirs;

    @Override
    public Integer call() throws InterruptedException {
        SortedMap<String, ProcessHandle> running = dirs.registry().running();
        Optional<StackRecord> stack = StackRecord.read(dirs.work());
        if (stack.isEmpty()) {
            boolean starting = UpCommand.isRunning(dirs.work());
            System.out.println("coinpulse is " + (starting ? "starting" : "not running") + " (data in " + dirs.work() + ")");
            running.forEach((name, p) -> System.out.printf(Locale.ROOT, "  %-16s %-6s %-6s %d%n", name, "alive", "-",
                    p.pid()));
            if (!starting && !running.isEmpty()) {
                System.out.println("  left running by an earlier run: ./coinpulse stop stops them");
            }
            return starting ? STARTING : NOT_RUNNING;
        }
        StackRecord s = stack.get();
        System.out.println("coinpulse is up: " + s.queryUrl() + " (launcher pid " + s.launcherPid() + ", data in "
                + dirs.work() + ")");
        System.out.printf(Locale.ROOT, "%n  %-16s %-6s %-6s %s%n", "part", "state", "port", "pid");
        Map<String, Integer> ports = Map.of("kafka", URI.create("kafka://" + s.kafkaBootstrap().split(",")[0]).getPort(),
                "mariadb", s.databasePort(), "query-service", URI.create(s.queryUrl()).getPort(),
                "ingest-service", URI.create(s.ingestManagementUrl()).getPort());
        for (String part : new String[] {"kafka", "mariadb", "query-service", "spark", "ingest-service", "replay"}) {
            ProcessHandle p = running.get(part);
            if (p == null && (part.equals("replay") || part.equals("mariadb") && s.databasePort() == 0)) {
                continue;
            }
            Integer port = ports.get(part);
            System.out.printf(Locale.ROOT, "  %-16s %-6s %-6s %s%n", part, p != null ? "alive" : "down",
                    port == null || port <= 0 ? "-" : port.toString(), p != null ? Long.toString(p.pid()) : "-");
        }
        try (PipelineFigures figures = new PipelineFigures(s)) {
            printFigures(figures);
        }
        return 0;
    }

    private static void printFigures(PipelineFigures figures) throws InterruptedException {
        System.out.println();
        OptionalLong before = figures.records(PipelineFigures.TICKS);
        long t0 = System.nanoTime();
        Thread.sleep(1000);
        OptionalLong after = figures.records(PipelineFigures.TICKS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        row("ticks in", before.isPresent() && after.isPresent()
                ? String.format(Locale.ROOT, "%,.0f/s (%,d on %s)", (after.getAsLong() - before.getAsLong()) / seconds,
                        after.getAsLong(), PipelineFigures.TICKS) : "-");
        OptionalLong newest = figures.newestWindowUpdate();
        row("newest window", newest.isPresent() ? String.format(Locale.ROOT, "written %.1f s ago",
                (System.currentTimeMillis() - newest.getAsLong()) / 1000.0) : "none yet");
        OptionalLong lag = figures.consumerLag();
        row("consumer lag", lag.isPresent() ? String.format(Locale.ROOT, "%,d records (%s not yet taken by the Spark job)",
                lag.getAsLong(), PipelineFigures.TICKS) : "-");
        OptionalLong dlq = figures.records(PipelineFigures.DLQ);
        row("dead letters", dlq.isPresent() ? String.format(Locale.ROOT, "%,d records on %s", dlq.getAsLong(),
                PipelineFigures.DLQ) : "-");
    }

    private static void row(String name, String value) {
        System.out.printf(Locale.ROOT, "  %-16s %s%n", name, value);
    }
}
