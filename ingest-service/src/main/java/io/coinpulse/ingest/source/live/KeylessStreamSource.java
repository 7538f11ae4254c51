package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.config.IngestConfig;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A live source that is one WebSocket connection to public market data (no key): {@code auto} may always enable
 * it, its probe is a handshake, and the frames in which the API reports an error are logged (the first 300
 * characters) before they go through the pipeline like any other.
 */
public abstract class KeylessStreamSource extends LiveSource {

    private static final int LOGGED_CHARS = 300;

    /** The connection to open, from the configuration; an {@link IllegalStateException} when it is wrong. */
    protected abstract StreamEndpoint endpoint(IngestConfig config);

    /** Whether a frame is the API reporting an error (a refused subscription, a bad request). */
    protected abstract boolean reportsError(String frame);

    @Override
    public final boolean autoEligible() {
        return true;
    }

    @Override
    public final Optional<String> probe(Duration timeout) {
        return StreamConnection.probe(endpoint(config()), timeout, Secrets.NONE);
    }

    @Override
    protected final List<LivePart> createParts(FrameSink sink) {
        FrameSink logErrors = sink.peeking(frame -> {
            if (reportsError(frame)) {
                Log.warnf("source %s: the server reports an error: %s", name(),
                        frame.length() > LOGGED_CHARS ? frame.substring(0, LOGGED_CHARS) : frame);
            }
        });
        return List.of(new StreamConnection(name(), endpoint(config()), logErrors, config(), meters(), Secrets.NONE));
    }
}
