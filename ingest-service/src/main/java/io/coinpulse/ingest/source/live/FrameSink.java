package io.coinpulse.ingest.source.live;

import java.util.function.Consumer;

/** Where a live source's connections and pollers hand their raw frames. */
public interface FrameSink {

    /**
     * Takes a raw frame, exactly as received, without blocking (it may be called on an event loop).
     *
     * @param receivedAt epoch ms when it arrived
     */
    void accept(String frame, long receivedAt);

    /**
     * A frame longer than {@code coinpulse.ingest.max-frame-bytes} arrived and was not read whole: it goes to the
     * DLQ as {@code oversized} after the frames before it, without blocking.
     *
     * @param detail     what is known of it (its size when known, what rejected it), for people
     * @param excerpt    its first characters when they were read, else empty
     * @param receivedAt epoch ms when it arrived
     */
    void oversized(String detail, String excerpt, long receivedAt);

    /** This sink, with {@code look} seeing each frame first (e.g. to log the API's error messages). */
    default FrameSink peeking(Consumer<String> look) {
        FrameSink sink = this;
        return new FrameSink() {
            @Override
            public void accept(String frame, long receivedAt) {
                look.accept(frame);
                sink.accept(frame, receivedAt);
            }

            @Override
            public void oversized(String detail, String excerpt, long receivedAt) {
                sink.oversized(detail, excerpt, receivedAt);
            }
        };
    }
}
