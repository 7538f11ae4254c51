package io.coinpulse.launcher;

import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./coinpulse replay FILE}: publishes a file into the running stack. Every line goes through
 * ingest-service's own replay source, validation and dead-letter routing, as in the product: the
 * command runs a second ingest-service with only that source on the stack's broker, follows its
 * metrics with a progress bar, prints a summary and stops it.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Publish a file of ticks or recorded frames into the running stack, with a progress bar.",
        footer = {"FILE holds canonical ticks or recorded raw frames, JSON Lines, optionally gzip. Every line goes"
            + " through ingest-service's validation; invalid ones go to crypto.ticks.dlq with their reason.",
            "Example: ./coinpulse replay samples/ticks-sample.jsonl.gz"})
final class ReplayCommand implements Callable<Integer> {

    static final String PART = "replay";

    @Mixin
    WorkDirOption dirs;

    @Parameters(paramLabel = "FILE", description = "The file to publish.")
    Path file;

    @Option(names = "--speed", description = "max, or a multiple of real time by event time, e.g. 1 or 10"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "max")
    String speed;

    @Override
    public Integer call() throws Exception {
        Optional<StackRecord> stack = StackRecord.read(dirs.work());
        if (stack.isEmpty()) {
            System.err.println("coinpulse: not running: start it with ./coinpulse up, then replay");
            return StatusCommand.NOT_RUNNING;
        }
        if (stack.get().kafkaSecure()) {
            System.err.println("coinpulse: replay publishes to a PLAINTEXT broker only; this stack runs --kafka-security");
            return 2;
        }
        Path input = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(input)) {
            System.err.println("coinpulse: " + input + " is not a file");
            return 2;
        }
        ReplayFile scanned = ReplayFile.scan(input);
        warnIfLate(stack.get(), scanned);
        return publish(stack.get(), input, scanned);
    }

    /** Runs the replaying ingest-service until the file is acknowledged, with the progress bar; then the summary. */
    private int publish(StackRecord stack, Path input, ReplayFile scanned) throws InterruptedException {
        long started = System.nanoTime();
        ProcessRegistry registry = dirs.registry();
        int httpPort = Ports.free();
        int managementPort = Ports.free();
        JavaProcess ingest = new PartStarter(dirs.home(), dirs.work().resolve("logs"), registry)
                .startQuarkus("ingest-service", PART, httpPort, managementPort, environment(stack, input));
        Thread stopper = new Thread(() -> ingest.stop(10), "coinpulse-replay-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            ReplayProgress.Counts counts;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("replay").setInitialMax(scanned.lines())
                    .setUnit(" lines", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
                counts = new ReplayProgress(ingest, httpPort, managementPort).follow(done -> bar.stepTo(
                        scanned.frames() > 0 ? bar.getCurrent() : Math.min(done, scanned.lines())));
                bar.stepTo(scanned.lines());
            }
            System.out.println(summary(input, scanned, counts, (System.nanoTime() - started) / 1e9));
            return 0;
        } catch (IllegalStateException e) {
            System.err.println("coinpulse: " + e.getMessage());
            return 1;
        } finally {
            ingest.stop(10);
            registry.forget(PART);
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
    }

    private Map<String, String> environment(StackRecord stack, Path input) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap());
        env.put("COINPULSE_INGEST_SOURCES", "replay");
        env.put("COINPULSE_INGEST_REPLAY_FILE", input.toString());
        env.put("COINPULSE_INGEST_REPLAY_SPEED", speed);
        // its own journal: the stack's ingest holds its own; a replay stopped midway resumes from its position here
        env.put("COINPULSE_INGEST_JOURNAL_PATH", dirs.work().resolve("replay/journal").toAbsolutePath().toString());
        return env;
    }

    /**
     * The stream's watermark trails the newest event time it has seen: ticks older than the stack's newest window
     * (e.g. a sample file replayed into a live market) are dropped as late by the windows, though they reach the
     * topics and the lake. Said before, not after.
     */
    private static void warnIfLate(StackRecord stack, ReplayFile scanned) {
        if (scanned.newestEventTime() == 0) {
            return;
        }
        java.util.OptionalLong newest;
        try (PipelineFigures figures = new PipelineFigures(stack)) {
            newest = figures.newestWindowStart();
        }
        if (newest.isPresent() && scanned.newestEventTime() < newest.getAsLong()) {
            System.err.println("coinpulse: warning: this file's ticks are older than the stack's newest window ("
                    + java.time.Instant.ofEpochMilli(newest.getAsLong()) + "): the stream drops them as late. For its"
                    + " windows, replay into an empty stack: ./coinpulse reset, ./coinpulse up --sources none");
        }
    }

    static String summary(Path input, ReplayFile scanned, ReplayProgress.Counts counts, double seconds) {
        return String.format(Locale.ROOT, "coinpulse: replayed %s: %,d lines, %,d published, %,d rejected (to %s),"
                + " %,d duplicates (counted once by the stream), %.1f s", input.getFileName(), scanned.lines(),
                counts.published(), counts.rejected(), PipelineFigures.DLQ, scanned.duplicates(), seconds);
    }
}
