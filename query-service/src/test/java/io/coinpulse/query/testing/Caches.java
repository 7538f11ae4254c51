package io.coinpulse.query.testing;

import io.quarkus.cache.CacheManager;
import java.time.Duration;

/**
 * Empties the service's hot-read caches. Tests write the database directly, without the window
 * updates on Kafka that invalidate the caches in production, so they empty them themselves.
 */
public final class Caches {

    private Caches() {
    }

    public static void clear(CacheManager caches) {
        for (String name : caches.getCacheNames()) {
            caches.getCache(name).orElseThrow().invalidateAll().await().atMost(Duration.ofSeconds(5));
        }
    }
}
