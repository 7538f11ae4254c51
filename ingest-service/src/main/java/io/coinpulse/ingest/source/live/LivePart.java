package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.source.SourceStatus;

/** A connection or a poller of a live source: it runs on its own thread and reports its state. */
public interface LivePart {

    /** Starts its thread; returns at once. */
    void start();

    /** Stops it and closes its connection (waits a few seconds at most). */
    void stop();

    /** Its state and why, without secrets. */
    SourceStatus status();
}
