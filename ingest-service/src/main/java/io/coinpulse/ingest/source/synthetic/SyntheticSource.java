package io.coinpulse.ingest.source.synthetic;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.pipeline.IngestPipeline;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.Source;
import io.coinpulse.ingest.source.SourceStatus;
import io.coinpulse.ingest.source.SourceStatus.State;
import io.coinpulse.ingest.tick.TickJson;
import io.quarkus.arc.Unremovable;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;

/**
 * The {@code synthetic} source: a {@link SyntheticMarket} of {@code coinpulse.ingest.synthetic.assets}
 * assets at {@code rate} events per second, stamped with the wall clock. It first publishes the market's
 * {@link SyntheticHistory} of the last {@code history} at once, in event-time order, so charts,
 * indicators, movers and an alert exist from the first minute. Each tick goes through the pipeline as a
 * canonical JSON frame, like any live frame (so it is validated and can be recorded). After a stall
 * (Kafka slow or away) it resumes at its rate instead of bursting to catch up.
 */
@ApplicationScoped
@Unremovable
public class SyntheticSource implements Source {

    public static final String NAME = SyntheticMarket.SOURCE;

    static final double MAX_RATE = 1_000_000;

    /** Most ticks a history may hold: it is published at once, before the first live tick. */
    static final long MAX_HISTORY_EVENTS = 1_000_000;

    @Inject
    IngestConfig config;

    @Inject
    IngestPipeline pipeline;

    private volatile SourceStatus status = SourceStatus.of(State.IDLE, "not started");
    private volatile Thread worker;

    @Override
    public String name() {
        return NAME;
    }

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
        IngestConfig.Synthetic settings = config.synthetic();
        double rate = settings.rate();
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw new IllegalStateException("coinpulse.ingest.synthetic.rate must be > 0 and <= " + (long) MAX_RATE
                    + " events/s, got " + rate);
        }
        SyntheticMarket market;
        try {
            market = new SyntheticMarket(settings.assets(), settings.seed(), settings.quoteShare());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("coinpulse.ingest.synthetic: " + e.getMessage(), e);
        }
        if (settings.history().isNegative()) {
            throw new IllegalStateException("coinpulse.ingest.synthetic.history must not be negative, got " + settings.history());
        }
        long now = System.currentTimeMillis();
        SyntheticHistory history = new SyntheticHistory(market, settings.seed(), now - settings.history().toMillis(), now, rate);
        if (history.size() > MAX_HISTORY_EVENTS) {
            throw new IllegalStateException("coinpulse.ingest.synthetic.history (" + settings.history() + ") at rate " + rate
                    + " is " + history.size() + " ticks; at most " + MAX_HISTORY_EVENTS + ": shorten the history or set it to 0s");
        }
        String what = market.assets() + " assets at " + rate + " events/s, seed " + settings.seed();
        status = SourceStatus.of(State.STARTING, what);
        Thread thread = new Thread(() -> run(market, history, rate, what), "ingest-synthetic");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
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

    private void run(SyntheticMarket market, SyntheticHistory history, double rate, String what) {
        try {
            if (history.hasNext()) {
                status = SourceStatus.of(State.STARTING, what + ": publishing " + history.size() + " ticks of history");
                Log.infof("synthetic market: publishing %d ticks of history, %s jumps by a factor of %.4f in the 1m window"
                        + " at %d", history.size(), history.shockAsset(), history.shockFactor(), history.shockWindow());
            }
            while (history.hasNext() && !Thread.currentThread().isInterrupted()) {
                pipeline.handle(NAME, TickJson.write(history.next()), FrameParser.CANONICAL);
            }
        } catch (InterruptedException e) {
            status = SourceStatus.of(State.STOPPED, "stopped");
            return;
        } catch (RuntimeException | Error e) {
            status = SourceStatus.of(State.CRASHED, "crashed: " + e);
            Log.errorf(e, "synthetic source crashed");
            return;
        }
        live(market, rate, what);
    }

    private void live(SyntheticMarket market, double rate, String what) {
        long interval = (long) (1e9 / rate);
        long due = System.nanoTime();
        status = SourceStatus.of(State.RUNNING, what);
        Log.infof("synthetic market: %s", what);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else if (wait < -1_000_000_000L) {
                    due = System.nanoTime();
                }
                due += interval;
                pipeline.handle(NAME, TickJson.write(market.next(System.currentTimeMillis())), FrameParser.CANONICAL);
            }
            status = SourceStatus.of(State.STOPPED, "stopped");
        } catch (InterruptedException e) {
            status = SourceStatus.of(State.STOPPED, "stopped");
        } catch (RuntimeException | Error e) {
            status = SourceStatus.of(State.CRASHED, "crashed: " + e);
            Log.errorf(e, "synthetic source crashed");
        }
    }
}
