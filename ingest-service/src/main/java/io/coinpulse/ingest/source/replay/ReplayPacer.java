package io.coinpulse.ingest.source.replay;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Paces a replay on event time: the line whose time is {@code t} goes out {@code (t - t0) / speed} after
 * the first timed line. Lines behind schedule (event times a little disordered, or no time at all) go out
 * at once; nothing is reordered or skipped.
 */
final class ReplayPacer {

    /** Marks a line without a usable time. */
    static final long NO_TIME = Long.MIN_VALUE;

    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final ReplaySpeed speed;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long firstEventTime = NO_TIME;
    private long startNanos;

    ReplayPacer(ReplaySpeed speed) {
        this(speed, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    ReplayPacer(ReplaySpeed speed, LongSupplier nanoClock, Sleeper sleeper) {
        this.speed = speed;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** Waits until the line with event time {@code eventTime} is due. */
    void await(long eventTime) throws InterruptedException {
        if (speed.isMax() || eventTime == NO_TIME) {
            return;
        }
        if (firstEventTime == NO_TIME) {
            firstEventTime = eventTime;
            startNanos = nanoClock.getAsLong();
            return;
        }
        long wait = startNanos + speed.wallNanos(eventTime - firstEventTime) - nanoClock.getAsLong();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }
}
