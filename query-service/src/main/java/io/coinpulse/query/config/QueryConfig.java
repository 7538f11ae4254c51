package io.coinpulse.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configuration of query-service: the {@code coinpulse.*} keys of SPEC §7 it reads, the database
 * it serves from and the bounds of its HTTP API. Every key can be set as an environment variable
 * ({@code coinpulse.primary-source} is {@code COINPULSE_PRIMARY_SOURCE}).
 */
@ConfigMapping(prefix = "coinpulse")
public interface QueryConfig {

    /** Window sizes the API serves, as spark-app labels them ({@code 1m,5m,1h}); {@code 1m} is always computed. */
    @WithDefault("1m")
    List<String> windows();

    /** The source served when a request names none and this source has data for the asset (unset: none preferred). */
    Optional<String> primarySource();

    /** The MySQL/MariaDB database spark-app writes window metrics to; no defaults, it comes from the environment. */
    Db db();

    /** Bounds of the HTTP API. */
    Api api();

    /** Database connection (COINPULSE_DB_URL, COINPULSE_DB_USER, COINPULSE_DB_PASSWORD). */
    interface Db {

        /** JDBC URL of the database, {@code jdbc:mysql://host:3306/coinpulse}. */
        String url();

        /** Database user. */
        String user();

        /** Password of the database user; never logged. */
        String password();
    }

    /** Bounds that keep every response small and every query on an index range. */
    interface Api {

        /** {@code GET /api/v1/assets/{asset}/windows}. */
        Windows windows();

        /** {@code GET /api/v1/assets}. */
        Assets assets();

        /** Bounds of the window time series. */
        interface Windows {

            /** Windows returned when a request gives no {@code limit}. */
            @WithDefault("1000")
            int defaultLimit();

            /** Largest {@code limit} a request may ask for. */
            @WithDefault("10000")
            int maxLimit();

            /** Widest {@code [from, to)} range a request may ask for. */
            @WithDefault("P366D")
            Duration maxRange();
        }

        /** Paging of the asset list. */
        interface Assets {

            /** Assets per page when a request gives no {@code limit}. */
            @WithDefault("100")
            int defaultLimit();

            /** Largest page a request may ask for. */
            @WithDefault("1000")
            int maxLimit();
        }
    }
}
