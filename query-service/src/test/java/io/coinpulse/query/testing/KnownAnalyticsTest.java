package io.coinpulse.query.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of a {@code @QuarkusTest} that reads analytics: before each test the known rows of {@link Fixtures}
 * and {@link AnalyticsFixtures} are in the service's database and its caches are empty.
 */
public abstract class KnownAnalyticsTest {

    /** Reads the responses' JSON bodies. */
    protected static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    protected void loadKnownRows() {
        rows().loadWithAnalytics();
    }

    /** The known rows, for a test that changes them. */
    protected static KnownRows rows() {
        return Arc.container().instance(KnownRows.class).get();
    }
}
