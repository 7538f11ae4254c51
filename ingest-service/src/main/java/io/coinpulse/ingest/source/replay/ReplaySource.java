package io.coinpulse.ingest.source.replay;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.metrics.SourceMeters;
import io.coinpulse.ingest.pipeline.Handled;
import io.coinpulse.ingest.pipeline.IngestPipeline;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.Source;
import io.coinpulse.ingest.source.SourceRegistry;
import io.coinpulse.ingest.source.SourceStatus;
import io.coinpulse.ingest.source.SourceStatus.State;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.TickResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code replay} source: plays {@code coinpulse.ingest.replay.file} (canonical ticks or recorded raw
 * frames, JSON Lines, gzip or not) once, at {@code coinpulse.ingest.replay.speed}, through the pipeline, in
 * file order. When every record is acknowledged by Kafka it logs one line with its counts, sets the gauge
 * {@code coinpulse.ingest.replay.completed} to 1 and stays {@code completed} (ready); the service stays up.
 * Blank lines are skipped (and counted in that line).
 */
@ApplicationScoped
@Unremovable
public class ReplaySource implements Source {

    public static final String NAME = "replay";

    /** 0 while the replay runs, 1 once everything in the file is acknowledged by Kafka. */
    public static final String COMPLETED_GAUGE = "coinpulse.ingest.replay.completed";

    @Inject
    IngestConfig config;

    @Inject
    IngestPipeline pipeline;

    @Inject
    SourceRegistry registry;

    @Inject
    MeterRegistry meterRegistry;

    private final AtomicInteger completed = new AtomicInteger();
    private volatile Gauge completedGauge;
    private volatile SourceStatus status = SourceStatus.of(State.IDLE, "not started");
    private volatile Thread worker;

    @Override
    public String name() {
        return NAME;
    }

    /** Replay files hold canonical ticks. */
    @Override
    public FrameParser parser() {
        return FrameParser.CANONICAL;
    }

    @Override
    public SourceStatus status() {
        return status;
    }

    @Override
    public void start() {
        String configured = config.replay().file().filter(f -> !f.isBlank()).orElseThrow(() -> new IllegalStateException(
                "source 'replay' is enabled but coinpulse.ingest.replay.file (COINPULSE_INGEST_REPLAY_FILE) is not set"));
        Path file = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalStateException("replay file " + file
                    + " (coinpulse.ingest.replay.file) does not exist or is not a readable file");
        }
        ReplaySpeed speed;
        try {
            speed = ReplaySpeed.parse(config.replay().speed());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("coinpulse.ingest.replay.speed (COINPULSE_INGEST_REPLAY_SPEED): "
                    + e.getMessage(), e);
        }
        completedGauge = Gauge.builder(COMPLETED_GAUGE, completed, AtomicInteger::get)
                .description("1 once the replay file is fully published and acknowledged, else 0")
                .register(meterRegistry);
        status = SourceStatus.of(State.STARTING, "opening " + file);
        Thread thread = new Thread(() -> run(file, speed), "ingest-replay");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    /** The gauge goes with the application (see {@link io.coinpulse.ingest.metrics.IngestMetrics#removeGauges}). */
    @PreDestroy
    void removeGauge() {
        Gauge gauge = completedGauge;
        if (gauge != null) {
            meterRegistry.remove(gauge);
        }
    }

    @Override
    public void stop() {
        Thread thread = worker;
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An oversized line is rejected unparsed, with its excerpt as payload, and paced as having no time. */
    private static ReplayLineParser.ReplayLine oversized(ReplayReader.Line line, int maxBytes) {
        return new ReplayLineParser.ReplayLine(ReplayPacer.NO_TIME, List.of(new TickResult.Invalid(null, Reason.OVERSIZED,
                "a line of " + line.bytes() + " bytes, longer than coinpulse.ingest.max-frame-bytes=" + maxBytes
                        + "; the payload is its first " + ReplayReader.EXCERPT_CHARS + " characters",
                line.text())));
    }

    private void run(Path file, ReplaySpeed speed) {
        long startNanos = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startCpuNanos = threads.getCurrentThreadCpuTime();
        Counts counts = new Counts();
        ReplayPosition position = null;
        try (ReplayReader reader = ReplayReader.open(file, config.maxFrameBytes())) {
            position = position(file);
            String what = "replaying " + file + (reader.gzip() ? " (gzip)" : "") + " at speed " + speed;
            status = SourceStatus.of(State.RUNNING, what);
            Log.infof("%s", what);
            publishLines(reader, new ReplayPacer(speed), position, counts, what);
            status = SourceStatus.of(State.RUNNING, what + ": " + counts.lines + " lines read, waiting for Kafka");
            awaitDelivery(counts.lines);
            forget(position);
        } catch (InterruptedException | ClosedByInterruptException | InterruptedIOException e) {
            status = SourceStatus.of(State.STOPPED, "stopped after " + counts.lines + " lines of " + file);
            saveOnStop(position);
            return;
        } catch (IOException e) {
            status = SourceStatus.of(State.FAILED, "cannot read " + file + " after " + counts.lines + " lines: " + e);
            Log.errorf("replay of %s failed after %d lines (%d valid, %d rejected): %s", file, counts.lines,
                    counts.valid, counts.rejected, e);
            return;
        } catch (RuntimeException | Error e) {
            status = SourceStatus.of(State.CRASHED, "crashed after " + counts.lines + " lines of " + file + ": " + e);
            Log.errorf(e, "replay of %s crashed after %d lines", file, counts.lines);
            return;
        }
        SourceMeters meters = pipeline.meters(NAME);
        // the replay thread's own CPU time says whether it or Kafka's acknowledgements set the pace
        String summary = String.format(Locale.ROOT, "%d lines read, %d published, %d rejected (%d blank lines skipped,"
                + " %d resumed past, %d publish failures) in %.3f s, %.3f s of it on CPU in the replay thread",
                counts.lines, meters.publishedCount(), counts.rejected, counts.blank, counts.resumedPast,
                meters.publishFailureCount(), (System.nanoTime() - startNanos) / 1e9,
                (threads.getCurrentThreadCpuTime() - startCpuNanos) / 1e9);
        Log.infof("replay finished: %s: %s", file, summary);
        status = SourceStatus.of(State.COMPLETED, "replayed " + file + ": " + summary);
        completed.set(1);
    }

    /** Lines read, published and skipped by a run. */
    private static final class Counts {
        long lines;
        long blank;
        long resumedPast;
        long valid;
        long rejected;
        boolean saveFailed;
    }

    /** The saved position of this file, if a replay of it was stopped before its end, else the start. */
    private ReplayPosition position(Path file) throws IOException {
        ReplayPositionStore store = ReplayPositionStore.besideJournal(Path.of(config.journal().path()));
        ReplayFileId id = ReplayFileId.of(file);
        ReplayPositionStore.Resume resume = store.resumeAt(id);
        Log.infof("replay of %s: %s", file, resume.reason());
        return new ReplayPosition(store, id, resume.lines(), config.replay().positionEvery());
    }

    /**
     * Reads every line and publishes those past the saved position. Lines before it are still parsed, not
     * published: parsers of recorded frames learn from earlier frames (CoinCap's ids).
     */
    private void publishLines(ReplayReader reader, ReplayPacer pacer, ReplayPosition position, Counts counts,
            String what) throws IOException, InterruptedException {
        // one parser per source for the whole file: parsers may learn from earlier frames (CoinCap's ids)
        Map<String, Optional<FrameParser>> parsers = new HashMap<>();
        ReplayLineParser parser = new ReplayLineParser(name -> parsers.computeIfAbsent(name, registry::parserFor));
        int maxBytes = config.maxFrameBytes();
        long resumeAt = position.acked().settled();
        long index = 0;
        ReplayReader.Line next;
        for (; (next = reader.next()) != null; index++) {
            if (!next.oversized() && next.text().isBlank()) {
                counts.blank += index < resumeAt ? 0 : 1;
                continue;
            }
            ReplayLineParser.ReplayLine parsed = next.oversized() ? oversized(next, maxBytes) : parser.parse(next.text());
            if (index < resumeAt) {
                counts.resumedPast++;
                continue;
            }
            counts.lines++;
            pacer.await(parsed.time());
            int records = (int) parsed.results().stream().filter(r -> !(r instanceof TickResult.Skipped)).count();
            Handled handled = pipeline.publish(NAME, parsed.results(), position.acked().expect(index, records));
            position.acked().handedOver(index + 1);
            counts.valid += handled.valid();
            counts.rejected += handled.rejected();
            save(position, counts);
            if ((counts.lines & 0x3ff) == 0) {
                status = SourceStatus.of(State.RUNNING, what + ": " + counts.lines + " lines read");
            }
        }
        position.acked().handedOver(index);
    }

    /** Saves the position when due; a failing save is logged once (a restart then publishes more again). */
    private static void save(ReplayPosition position, Counts counts) throws ClosedByInterruptException {
        try {
            position.saveIfDue(System.nanoTime());
        } catch (ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            if (!counts.saveFailed) {
                counts.saveFailed = true;
                Log.warnf("replay: cannot save its position (a restart would publish from an older one): %s", e);
            }
        }
    }

    /** Saves what is acknowledged on stop; the interrupt that stopped the replay would close the file's channel. */
    private static void saveOnStop(ReplayPosition position) {
        if (position != null) {
            Thread.interrupted();
            try {
                position.saveNow();
            } catch (IOException e) {
                Log.warnf("replay: cannot save its position on stop: %s", e);
            }
        }
    }

    private static void forget(ReplayPosition position) {
        try {
            position.complete();
        } catch (IOException e) {
            Log.warnf("replay: cannot remove its saved position (a new start would resume at the end): %s", e);
        }
    }

    private void awaitDelivery(long lines) throws InterruptedException {
        while (!pipeline.drain(NAME, config.publish().drainTimeout())) {
            Log.warnf("replay: all %d lines handed to Kafka, %d records still unacknowledged after %s; waiting",
                    lines, pipeline.meters(NAME).pending().get(), config.publish().drainTimeout());
        }
    }
}
