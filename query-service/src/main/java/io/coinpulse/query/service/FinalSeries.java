package io.coinpulse.query.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.coinpulse.query.config.QueryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Rendered window series that can no longer change — a closed range ({@code to} in the past) whose
 * windows are final up to its end (see {@link #immutable}) — bounded by their size in bytes
 * ({@code coinpulse.api.cache.final-max-bytes}), least recently used first out. A series with an
 * open range or a window that is not final is never put here. Every entry holds its gzip encoding
 * beside the plain body, compressed once on its way in, and weighs both. Metrics: {@code cache_*}
 * with {@code cache="windows-final"}.
 */
@ApplicationScoped
public class FinalSeries {

    /** What one entry costs besides its bodies: key, record, ETag, Caffeine's node. */
    public static final int ENTRY_OVERHEAD_BYTES = 256;

    /**
     * Everything that selects a series: the asset, the source it was resolved to (so a request
     * naming the source and one relying on resolution share an entry, and a change of resolution
     * never serves the other source's series), the size and the exact request bounds.
     */
    record Key(String asset, String source, String size, OptionalLong from, OptionalLong to, int limit) {
    }

    private final Cache<Key, Rendered> cache;

    @Inject
    public FinalSeries(QueryConfig config, MeterRegistry registry) {
        this(config.api().cache().finalMaxBytes().asLongValue(), registry);
    }

    FinalSeries(long maxBytes, MeterRegistry registry) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key key, Rendered body) -> (int) Math.min(Integer.MAX_VALUE,
                        body.storedBytes() + ENTRY_OVERHEAD_BYTES))
                .executor(Runnable::run)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, cache, "windows-final");
    }

    Optional<Rendered> get(Key key) {
        return Optional.ofNullable(cache.getIfPresent(key));
    }

    /**
     * Keeps {@code body} with its gzip encoding (compressed here, once) and returns what is kept, so
     * the request that rendered it can be served either encoding too.
     */
    Rendered put(Key key, Rendered body) {
        Rendered stored = body.withGzip();
        cache.put(key, stored);
        return stored;
    }

    /**
     * Whether {@code series}, read for {@code [from, to)} with {@code limit}, can never change:
     * {@code to} has passed, there are windows, all final, and the last one is final up to the end
     * of what the request selects — it ends at {@code to}, or (oldest first from {@code from}) the
     * limit cut the series off. spark-app finalises a window once the watermark has passed its end,
     * and no window older than the watermark is created or changed after that.
     */
    static boolean immutable(WindowSeries series, OptionalLong from, OptionalLong to, int limit, long now) {
        if (to.isEmpty() || to.getAsLong() > now || series.windows().isEmpty()
                || !series.windows().stream().allMatch(w -> w.isFinal())) {
            return false;
        }
        long lastEnd = series.windows().get(series.windows().size() - 1).windowEnd();
        return lastEnd >= to.getAsLong() || (from.isPresent() && series.windows().size() == limit);
    }

    /** The bytes the entries weigh now (after pending evictions). */
    public long weightedBytes() {
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** How many series are held. */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Empties the cache (tests that rewrite the database). */
    public void clear() {
        cache.invalidateAll();
    }
}
