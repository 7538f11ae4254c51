package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.metrics.SourceMeters;
import io.coinpulse.ingest.source.Source;
import io.coinpulse.ingest.source.SourceStatus;
import io.coinpulse.ingest.source.SourceStatus.State;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A source that reads a public market-data API over the network: one {@link FrameWorker} (the frames of all
 * its parts, in arrival order, through the pipeline) and its parts, the WebSocket connections
 * ({@link StreamConnection}) and REST pollers ({@link Poller}) that feed it. Its readiness is its worst part's
 * state, with every part's detail.
 */
public abstract class LiveSource implements Source {

    /** Worst first: the readiness of a source is its worst part's. */
    private static final List<State> SEVERITY = List.of(State.CRASHED, State.FAILED, State.RETRYING, State.STARTING,
            State.IDLE, State.RUNNING, State.COMPLETED, State.STOPPED);

    @Inject
    protected LiveSupport live;

    private final List<LivePart> parts = new CopyOnWriteArrayList<>();
    private volatile FrameWorker worker;
    private volatile boolean stopped;

    /** Whether {@code auto} may enable this source as configured: it needs no key, or its key is set. */
    public abstract boolean autoEligible();

    /**
     * Whether the source's API answers within {@code timeout} (a WebSocket handshake, a cheap GET): empty
     * when it does, else why not, without secrets.
     */
    public abstract Optional<String> probe(Duration timeout);

    /**
     * Checks the configuration (an {@link IllegalStateException} with a clear message when it is wrong) and
     * creates the parts, each handing its frames to {@code sink}.
     */
    protected abstract List<LivePart> createParts(FrameSink sink);

    protected IngestConfig config() {
        return live.config();
    }

    protected SourceMeters meters() {
        return live.pipeline().meters(name());
    }

    @Override
    public final void start() {
        FrameWorker frames = new FrameWorker(name(), parser(), live.pipeline(), config().live().queueCapacity());
        List<LivePart> created = createParts(frames);
        worker = frames;
        frames.start();
        parts.addAll(created);
        for (LivePart part : created) {
            part.start();
        }
    }

    @Override
    public final void stop() {
        stopped = true;
        for (LivePart part : parts) {
            part.stop();
        }
        FrameWorker frames = worker;
        if (frames != null) {
            frames.stop(5_000);
        }
    }

    @Override
    public SourceStatus status() {
        FrameWorker frames = worker;
        if (frames == null) {
            return SourceStatus.of(State.IDLE, "not started");
        }
        if (frames.crash() != null) {
            return SourceStatus.of(State.CRASHED, "the frame worker crashed: " + frames.crash());
        }
        if (stopped) {
            return SourceStatus.of(State.STOPPED, "stopped");
        }
        List<SourceStatus> states = new ArrayList<>();
        for (LivePart part : parts) {
            states.add(part.status());
        }
        if (states.isEmpty()) {
            return SourceStatus.of(State.STARTING, "starting");
        }
        State worst = states.stream().map(SourceStatus::state).min(Comparator.comparingInt(SEVERITY::indexOf)).orElseThrow();
        String detail = String.join("; ", states.stream().map(SourceStatus::detail).toList());
        int backlog = frames.backlog();
        return SourceStatus.of(worst, backlog > 0 ? detail + "; " + backlog + " frames queued" : detail);
    }
}
