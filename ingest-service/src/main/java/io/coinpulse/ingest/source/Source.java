package io.coinpulse.ingest.source;

/**
 * A connector that can be switched on by {@code coinpulse.ingest.sources}. An implementation is an
 * {@code @ApplicationScoped} bean; it hands every raw frame it receives, with its name, to
 * {@link io.coinpulse.ingest.pipeline.IngestPipeline} (parse → validate → publish) and runs on its own
 * threads or callbacks: {@link #start()} returns at once.
 */
public interface Source {

    /** The name in {@code coinpulse.ingest.sources}, the {@code source} tag of its metrics. */
    String name();

    /**
     * How this source's raw frames become ticks; the replay source uses it for recorded frames too. A parser
     * may learn from the frames it parses (CoinCap's id → symbol map, which coin owns a symbol): each call
     * returns a parser of its own, so a run of frames (live, or a replay) starts from the same state.
     */
    FrameParser parser();

    /** Starts receiving. Throws {@link IllegalStateException} with a clear message when misconfigured. */
    void start();

    /** Stops receiving and releases its threads and connections. */
    void stop();

    /** The state and why, for its check in the {@code sources} health group and its gauges. */
    SourceStatus status();
}
