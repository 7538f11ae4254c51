package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.source.SourceStatus;
import io.coinpulse.ingest.source.SourceStatus.State;
import java.util.concurrent.CompletionStage;

/**
 * A part that starts once something else is done (CoinCap's prices stream after the first {@code /assets}
 * poll); until then it reports {@code starting} with what it waits for, so the source is not ready early.
 */
public final class StartAfter implements LivePart {

    private final CompletionStage<?> trigger;
    private final LivePart part;
    private final String waitingFor;
    private boolean started;
    private boolean stopped;

    public StartAfter(CompletionStage<?> trigger, LivePart part, String waitingFor) {
        this.trigger = trigger;
        this.part = part;
        this.waitingFor = waitingFor;
    }

    @Override
    public void start() {
        trigger.thenRun(() -> {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                started = true;
            }
            part.start();
        });
    }

    @Override
    public void stop() {
        synchronized (this) {
            stopped = true;
            if (!started) {
                return;
            }
        }
        part.stop();
    }

    @Override
    public synchronized SourceStatus status() {
        if (!started) {
            return SourceStatus.of(stopped ? State.STOPPED : State.STARTING, stopped ? "stopped" : "waiting for " + waitingFor);
        }
        return part.status();
    }
}
