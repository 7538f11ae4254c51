package io.coinpulse.ingest.source.live;

/** The source is stopping: no further attempt. */
final class StoppedException extends Exception {

    StoppedException() {
        super("stopped", null, false, false);
    }
}
