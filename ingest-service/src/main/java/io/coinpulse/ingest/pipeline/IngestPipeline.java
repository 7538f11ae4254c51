package io.coinpulse.ingest.pipeline;

import io.coinpulse.ingest.metrics.IngestMetrics;
import io.coinpulse.ingest.metrics.SourceMeters;
import io.coinpulse.ingest.publish.DeadLetter;
import io.coinpulse.ingest.publish.TickPublisher;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.TickResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * The one path of every frame: record (when on) → parse → validate → publish. Valid ticks get their
 * {@code ingestTime} and go to {@code crypto.ticks}; every rejection goes to {@code crypto.ticks.dlq} with its
 * reason and counts. When Kafka falls behind, publishing blocks, or for live sources spills to the journal (see
 * {@link TickPublisher}).
 */
@ApplicationScoped
public class IngestPipeline {

    private final TickPublisher publisher;
    private final IngestMetrics metrics;
    private final FrameRecorder recorder;

    public IngestPipeline(TickPublisher publisher, IngestMetrics metrics, FrameRecorder recorder) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.recorder = recorder;
    }

    /** A frame {@code source} received just now. */
    public Handled handle(String source, String frame, FrameParser parser) throws InterruptedException {
        return handle(source, frame, parser, System.currentTimeMillis());
    }

    /**
     * A frame {@code source} received at {@code receivedAt} (epoch ms, taken when it arrived, before it
     * waited in the source's queue): recorded with that time, parsed with it, published.
     */
    public Handled handle(String source, String frame, FrameParser parser, long receivedAt)
            throws InterruptedException {
        recorder.record(source, receivedAt, frame);
        return publish(source, parse(source, parser, frame, receivedAt));
    }

    /**
     * Parses a frame; a parser that throws rejects the whole frame as {@code malformed_json} rather than
     * losing it or stopping its source.
     */
    public static List<TickResult> parse(String source, FrameParser parser, String frame, long receivedAt) {
        try {
            return parser.parse(frame, receivedAt);
        } catch (RuntimeException e) {
            return List.of(new TickResult.Invalid(source, Reason.MALFORMED_JSON,
                    "the " + source + " parser failed on this frame: " + e, frame));
        }
    }

    /**
     * Publishes parsed results in order, counted under {@code source}; skipped entries are only counted
     * ({@code coinpulse.ingest.ticks.skipped}), they are not candidate ticks.
     */
    public Handled publish(String source, List<TickResult> results) throws InterruptedException {
        return publish(source, results, () -> { });
    }

    /**
     * Publishes as {@link #publish(String, List)}; {@code settled} runs once per valid or rejected result, when Kafka
     * acknowledged its record (or, refused, the record is in the journal).
     */
    public Handled publish(String source, List<TickResult> results, Runnable settled) throws InterruptedException {
        SourceMeters meters = metrics.forSource(source);
        long now = System.currentTimeMillis();
        int valid = 0;
        int rejected = 0;
        for (TickResult result : results) {
            if (!(result instanceof TickResult.Skipped)) {
                meters.received();
            }
            if (result instanceof TickResult.Valid ok) {
                publisher.publishTick(meters, ok.tick().withIngestTime(now), settled);
                valid++;
            } else if (result instanceof TickResult.Invalid bad) {
                meters.rejected(bad.reason());
                publisher.publishDeadLetter(meters,
                        new DeadLetter(bad.source(), bad.reason(), bad.detail(), bad.payload(), now), settled);
                rejected++;
            } else if (result instanceof TickResult.Skipped skipped) {
                meters.skipped(skipped.reason());
            }
        }
        return new Handled(valid, rejected);
    }

    /** Waits for Kafka to acknowledge everything {@code source} handed over; false on timeout. */
    public boolean drain(String source, Duration timeout) throws InterruptedException {
        return publisher.drain(metrics.forSource(source), timeout);
    }

    /** {@code source} is live: while Kafka is away its records spill to the journal instead of waiting. */
    public void spillWhenBehind(String source) {
        publisher.spillWhenBehind(source);
    }

    /** The meters of {@code source}. */
    public SourceMeters meters(String source) {
        return metrics.forSource(source);
    }
}
