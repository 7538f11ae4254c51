package io.coinpulse.query.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CacheResult;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.cache.CompositeCacheKey;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The reads every dashboard repeats — the asset listing, one asset's latest state, the movers —
 * cached for a few seconds ({@code coinpulse.api.cache.max-age}) as rendered JSON with an ETag, and
 * invalidated by the live stream as soon as a window update says they changed.
 */
@ApplicationScoped
public class HotReads {

    static final String ASSET_LIST = "asset-list";
    static final String ASSET_DETAIL = "asset-detail";
    static final String MOVERS = "movers";

    private final AssetService assets;
    private final AnalyticsService analytics;
    private final ObjectMapper json;
    private final Cache assetList;
    private final Cache assetDetail;
    private final Cache movers;
    private final Cache sources;
    private final FinalSeries finalSeries;

    public HotReads(AssetService assets, AnalyticsService analytics, ObjectMapper json,
            @CacheName(ASSET_LIST) Cache assetList, @CacheName(ASSET_DETAIL) Cache assetDetail,
            @CacheName(MOVERS) Cache movers, @CacheName(SourceDirectory.CACHE) Cache sources,
            FinalSeries finalSeries) {
        this.assets = assets;
        this.analytics = analytics;
        this.json = json;
        this.assetList = assetList;
        this.assetDetail = assetDetail;
        this.movers = movers;
        this.sources = sources;
        this.finalSeries = finalSeries;
    }

    /**
     * A rendered window series and whether it can never change (then it may be cached for
     * {@code coinpulse.api.cache.final-max-age}).
     */
    public record Series(Rendered body, boolean immutable) {
    }

    /**
     * {@link AssetService#windows}, rendered; a series that can no longer change is served from
     * {@link FinalSeries} after its first read. The source is resolved first, on every request.
     */
    public Series windows(String asset, Optional<String> source, String size, OptionalLong from, OptionalLong to,
            int limit) {
        String resolved = assets.resolveSource(asset, source);
        FinalSeries.Key key = new FinalSeries.Key(asset, resolved, size, from, to, limit);
        long now = System.currentTimeMillis();
        boolean closed = to.isPresent() && to.getAsLong() <= now;
        if (closed) {
            Optional<Rendered> cached = finalSeries.get(key);
            if (cached.isPresent()) {
                return new Series(cached.get(), true);
            }
        }
        WindowSeries series = assets.windowsFrom(asset, resolved, size, from, to, limit);
        Rendered body = Rendered.of(json, series);
        boolean immutable = FinalSeries.immutable(series, from, to, limit, now);
        if (immutable) {
            body = finalSeries.put(key, body);
        }
        return new Series(body, immutable);
    }

    /** {@link AssetService#assets}, rendered. */
    @CacheResult(cacheName = ASSET_LIST)
    public Rendered assets(long page, int limit, Optional<String> source) {
        return Rendered.of(json, assets.assets(page, limit, source));
    }

    /** {@link AssetService#detail}, rendered. */
    @CacheResult(cacheName = ASSET_DETAIL)
    public Rendered detail(String asset, Optional<String> source) {
        return Rendered.of(json, assets.detail(asset, source));
    }

    /** {@link AnalyticsService#movers}, rendered. */
    @CacheResult(cacheName = MOVERS)
    public Rendered movers(String period, int limit) {
        return Rendered.of(json, analytics.movers(period, limit));
    }

    /**
     * A window of {@code asset} changed: its sources may have grown, its detail is stale; a 1m window also changes the listing
     * (prices and changes come from 1m windows) and, at the next ranking, the movers.
     */
    public void windowUpdated(String asset, String size) {
        run(sources.invalidate(asset).subscribe().asCompletionStage());
        CaffeineCache details = assetDetail.as(CaffeineCache.class);
        for (Object key : details.keySet()) {
            if (key instanceof CompositeCacheKey composite && asset.equals(composite.getKeyElements()[0])) {
                run(details.invalidate(key).subscribe().asCompletionStage());
            }
        }
        if ("1m".equals(size)) {
            run(assetList.invalidateAll().subscribe().asCompletionStage());
            run(movers.invalidateAll().subscribe().asCompletionStage());
        }
    }

    private static void run(java.util.concurrent.CompletionStage<Void> invalidation) {
        invalidation.exceptionally(failure -> {
            Log.warn("invalidating a cache failed", failure);
            return null;
        });
    }
}
