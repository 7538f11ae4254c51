package io.coinpulse.ingest.source.replay;

import java.io.IOException;

/**
 * A running replay's position and when it is saved: once {@code every} more lines are acknowledged, or a second
 * after the last save when any are, so a replay started again after a crash publishes a second time at most
 * {@code every} lines plus the records that were in flight.
 */
final class ReplayPosition {

    private static final long SAVE_AFTER_NANOS = 1_000_000_000L;

    private final ReplayPositionStore store;
    private final ReplayFileId file;
    private final AckedLines acked;
    private final long every;
    private long saved;
    private long savedAtNanos;

    ReplayPosition(ReplayPositionStore store, ReplayFileId file, long start, long every) {
        this.store = store;
        this.file = file;
        this.acked = new AckedLines(start);
        this.every = every;
        this.saved = start;
        this.savedAtNanos = System.nanoTime();
    }

    AckedLines acked() {
        return acked;
    }

    /** Lines saved as acknowledged. */
    long saved() {
        return saved;
    }

    /** Saves the position when due; true when it did. */
    boolean saveIfDue(long nowNanos) throws IOException {
        long settled = acked.settled();
        if (settled - saved >= every || settled > saved && nowNanos - savedAtNanos >= SAVE_AFTER_NANOS) {
            save(settled, nowNanos);
            return true;
        }
        return false;
    }

    /** Saves what is acknowledged now (a stopping replay). */
    void saveNow() throws IOException {
        long settled = acked.settled();
        if (settled > saved) {
            save(settled, System.nanoTime());
        }
    }

    /** The whole file is acknowledged: the position is forgotten, a new start replays the file anew. */
    void complete() throws IOException {
        store.clear();
    }

    private void save(long settled, long nowNanos) throws IOException {
        store.save(file, settled);
        saved = settled;
        savedAtNanos = nowNanos;
    }
}
