package io.coinpulse.query.testing;

import io.coinpulse.query.service.FinalSeries;
import io.quarkus.arc.Arc;
import io.quarkus.cache.CacheManager;
import java.time.Duration;

/**
 * Empties the service's hot-read caches and its cache of final series. Tests write the database directly, without the window
 * updates on Kafka that invalidate the caches in production, so they empty them themselves.
 */
public final class Caches {

    private Caches() {
    }

    public static void clear(CacheManager caches) {
        for (String name : caches.getCacheNames()) {
            caches.getCache(name).orElseThrow().invalidateAll().await().atMost(Duration.ofSeconds(5));
        }
        Arc.container().instance(FinalSeries.class).get().clear();
    }
}
