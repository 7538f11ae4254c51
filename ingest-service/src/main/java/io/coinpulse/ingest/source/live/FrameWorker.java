package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.metrics.SourceMeters;
import io.coinpulse.ingest.pipeline.IngestPipeline;
import io.coinpulse.ingest.source.FrameParser;
import io.quarkus.logging.Log;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.TickResult;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread per live source that takes the frames of all its connections and pollers in arrival order and
 * runs each through the pipeline (record → parse → validate → publish). The WebSocket callbacks only enqueue
 * (they run on an event loop that must not block); when Kafka falls behind, the pipeline spills this source's
 * records to the on-disk journal rather than block. One
 * thread keeps the order: the recording, the parser's state and the published ticks all see the frames in the
 * same order, so a replay of the recording gives the same ticks. A frame that was too long to read
 * ({@link #oversized}) takes its place in that order and goes to the DLQ as {@code oversized}; it is not recorded
 * (its text is not known).
 *
 * <p>The queue is bounded ({@code coinpulse.ingest.live.queue-capacity}): when the pipeline cannot keep up even
 * by journaling, further frames are dropped and counted ({@code coinpulse.ingest.frames.dropped}), with a
 * warning at most every 10 s.
 */
public final class FrameWorker implements FrameSink {

    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    /** A frame to parse, or (oversized) the DLQ record of one that was not read whole. */
    private record Frame(String text, long receivedAt, String oversizedDetail) {
    }

    private final String source;
    private final FrameParser parser;
    private final IngestPipeline pipeline;
    private final SourceMeters meters;
    private final BlockingQueue<Frame> queue;
    private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final Thread thread;
    private volatile Throwable crash;

    public FrameWorker(String source, FrameParser parser, IngestPipeline pipeline, int capacity) {
        if (capacity < 1) {
            throw new IllegalStateException("coinpulse.ingest.live.queue-capacity must be at least 1, got " + capacity);
        }
        this.source = source;
        this.parser = parser;
        this.pipeline = pipeline;
        this.meters = pipeline.meters(source);
        pipeline.spillWhenBehind(source);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "ingest-" + source + "-frames");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    @Override
    public void accept(String frame, long receivedAt) {
        enqueue(new Frame(frame, receivedAt, null));
    }

    @Override
    public void oversized(String detail, String excerpt, long receivedAt) {
        enqueue(new Frame(excerpt, receivedAt, detail));
    }

    private void enqueue(Frame frame) {
        meters.frameReceived();
        if (!queue.offer(frame)) {
            meters.frameDropped();
            long now = System.nanoTime();
            long last = lastDropWarning.get();
            if (now - last >= WARN_EVERY_NANOS && lastDropWarning.compareAndSet(last, now)) {
                Log.warnf("source %s: %d frames waiting for Kafka, dropping new ones (%d dropped so far)", source,
                        queue.size(), meters.framesDroppedCount());
            }
        }
    }

    /** Frames received and not yet through the pipeline. */
    public int backlog() {
        return queue.size();
    }

    /** The error that stopped the worker, or null while it runs (or stopped cleanly). */
    public Throwable crash() {
        return crash;
    }

    /**
     * Stops after the frames already queued went through the pipeline (at most {@code waitMillis}), so
     * nothing received is lost on a clean shutdown.
     */
    public void stop(long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        try {
            while (!queue.isEmpty() && thread.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            thread.interrupt();
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            Log.warnf("source %s stopped with %d frames not published", source, queue.size());
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Frame frame = queue.take();
                if (frame.oversizedDetail() == null) {
                    pipeline.handle(source, frame.text(), parser, frame.receivedAt());
                } else {
                    pipeline.publish(source, List.of(new TickResult.Invalid(source, Reason.OVERSIZED,
                            frame.oversizedDetail(), frame.text())));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            crash = e;
            Log.errorf(e, "source %s: the frame worker crashed", source);
        }
    }
}
