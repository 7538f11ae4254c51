package io.coinpulse.query.service;

import io.coinpulse.query.store.WindowMetricsRepository;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The sources that have data for an asset, which every request resolves its source from: cached for
 * {@code coinpulse.api.cache.max-age} (cache {@code asset-sources}) so that a request does not
 * borrow a database connection just for that, and invalidated by the live stream on every window
 * update of the asset — the first window of a new source is one ({@link HotReads#windowUpdated}).
 */
@ApplicationScoped
public class SourceDirectory {

    static final String CACHE = "asset-sources";

    private final WindowMetricsRepository repository;

    public SourceDirectory(WindowMetricsRepository repository) {
        this.repository = repository;
    }

    /** {@link WindowMetricsRepository#sources}, cached. */
    @CacheResult(cacheName = CACHE)
    public List<String> sources(String asset) {
        return repository.sources(asset);
    }
}
