package io.coinpulse.query.testing;

import io.quarkus.arc.Unremovable;
import io.quarkus.cache.CacheManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.sql.DataSource;

/**
 * What a test of the running service starts from: the known rows of {@link Fixtures} (and of
 * {@link AnalyticsFixtures}) in its database and its caches empty. Inject it into a {@code @QuarkusTest}.
 */
@ApplicationScoped
@Unremovable
public class KnownRows {

    @Inject
    DataSource dataSource;

    @Inject
    CacheManager caches;

    /** Fixtures' windows only, the caches emptied. */
    public void load() {
        Fixtures.load(dataSource);
        clearCaches();
    }

    /** Fixtures' windows and AnalyticsFixtures' indicators, movers and alerts, the caches emptied. */
    public void loadWithAnalytics() {
        Fixtures.load(dataSource);
        AnalyticsFixtures.load(dataSource);
        clearCaches();
    }

    /** Forgets what the service cached: tests write the database without the updates that invalidate it. */
    public void clearCaches() {
        Caches.clear(caches);
    }

    /** The service's database, for rows a test writes itself. */
    public DataSource dataSource() {
        return dataSource;
    }
}
