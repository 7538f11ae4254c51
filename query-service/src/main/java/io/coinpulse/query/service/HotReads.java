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

    public HotReads(AssetService assets, AnalyticsService analytics, ObjectMapper json,
            @CacheName(ASSET_LIST) Cache assetList, @CacheName(ASSET_DETAIL) Cache assetDetail,
            @CacheName(MOVERS) Cache movers) {
        this.assets = assets;
        this.analytics = analytics;
        this.json = json;
        this.assetList = assetList;
        this.assetDetail = assetDetail;
        this.movers = movers;
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
     * A window of {@code asset} changed: its detail is stale; a 1m window also changes the listing
     * (prices and changes come from 1m windows) and, at the next ranking, the movers.
     */
    public void windowUpdated(String asset, String size) {
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
