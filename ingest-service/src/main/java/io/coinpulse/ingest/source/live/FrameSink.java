package io.coinpulse.ingest.source.live;

/** Where a live source's connections and pollers hand their raw frames. */
@FunctionalInterface
public interface FrameSink {

    /**
     * Takes a raw frame, exactly as received, without blocking (it may be called on an event loop).
     *
     * @param receivedAt epoch ms when it arrived
     */
    void accept(String frame, long receivedAt);
}
