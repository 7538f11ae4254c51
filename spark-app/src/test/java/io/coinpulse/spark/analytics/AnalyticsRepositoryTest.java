package io.coinpulse.spark.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.Database;
import io.coinpulse.spark.config.DbSettings;
import io.coinpulse.spark.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading stored indicators back on a real MariaDB. An EMA stored as undefined (NULL, before
 * enough windows) must come back as undefined, not as 0.0: the next batch seeds its EMA from
 * this value, and a 0.0 made every EMA decay towards zero in a live run (BTC ema_15 ≈ 34,674
 * with closes ≈ 71,000).
 */
class AnalyticsRepositoryTest {

    private static Database database;
    private static DbSettings db;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.startEmbedded(Path.of("target", "it", "analytics-repository-" + System.nanoTime()));
        db = TestDatabase.createSchema(database, "analytics_repository");
        TestDatabase.execute(db, "INSERT INTO asset_indicators (source, asset, window_start, indicator, value) VALUES "
                + "('binance', 'BTC', 60000, 'ema_15', NULL), "
                + "('binance', 'BTC', 60000, 'ema_5', 70901.16), "
                + "('binance', 'BTC', 120000, 'ema_15', 71000.5)");
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void anUndefinedIndicatorIsReadBackAsUndefinedAndADefinedOneAsItsValue() throws Exception {
        Map<String, Map<Long, Map<String, Double>>> stored = new AnalyticsRepository(db)
                .indicators("binance", List.of("BTC"), List.of("ema_5", "ema_15"), 60_000, 120_000);

        Map<String, Double> first = stored.get("BTC").get(60_000L);
        assertThat(first).containsKey("ema_15");
        assertThat(first.get("ema_15")).isNull();
        assertThat(first.get("ema_5")).isEqualTo(70901.16);
        assertThat(stored.get("BTC").get(120_000L)).containsExactly(Map.entry("ema_15", 71000.5));
    }
}
