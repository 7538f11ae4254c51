package io.coinpulse.query.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configuration of query-service: the {@code coinpulse.*} keys of SPEC §7 it reads, the database
 * it serves from, the bounds of its HTTP API and its live stream. Every key can be set as an
 * environment variable ({@code coinpulse.primary-source} is {@code COINPULSE_PRIMARY_SOURCE}).
 */
@ConfigMapping(prefix = "coinpulse")
public interface QueryConfig {

    /** Window sizes the API serves, as spark-app labels them ({@code 1m,5m,1h}); {@code 1m} is always computed. */
    @WithDefault("1m")
    List<String> windows();

    /** The source served when a request names none and this source has data for the asset (unset: none preferred). */
    Optional<String> primarySource();

    /**
     * Base URL of ingest-service's health endpoints ({@code COINPULSE_INGEST_URL}): its readiness lists each
     * source's state, which GET /api/v1/pipeline passes on; unset: the pipeline status has no sources.
     */
    Optional<String> ingestUrl();

    /** The MySQL/MariaDB database spark-app writes window metrics to; no defaults, it comes from the environment. */
    Db db();

    /** Bounds of the HTTP API. */
    Api api();

    /** The live stream {@code GET /api/v1/stream}, fed from Kafka. */
    Stream stream();

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

        /**
         * API keys (COINPULSE_API_KEYS, comma-separated): when set, every {@code /api} request needs one in
         * the {@code X-API-Key} header; unset, the API is open. Never logged.
         */
        Optional<List<String>> keys();

        /** {@code GET /api/v1/assets/{asset}/windows}. */
        Windows windows();

        /** {@code GET /api/v1/assets}. */
        Assets assets();

        /** {@code GET /api/v1/movers}. */
        Movers movers();

        /** {@code GET /api/v1/alerts}. */
        Alerts alerts();

        /** HTTP caching of the responses. */
        Cache cache();

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

        /** Top gainers and losers, as spark-app writes them to table {@code movers}. */
        interface Movers {

            /** The periods spark-app computes movers over; a request for another period is a 400. */
            @WithDefault("5m")
            List<String> periods();

            /** Gainers and losers each when a request gives no {@code limit}. */
            @WithDefault("5")
            int defaultLimit();

            /** Largest {@code limit} a request may ask for. */
            @WithDefault("50")
            int maxLimit();
        }

        /** Recent anomaly alerts from table {@code alerts}. */
        interface Alerts {

            /** Alerts returned when a request gives no {@code limit}. */
            @WithDefault("100")
            int defaultLimit();

            /** Largest {@code limit} a request may ask for. */
            @WithDefault("1000")
            int maxLimit();
        }

        /** How long clients and the service itself may reuse an answer. */
        interface Cache {

            /**
             * {@code Cache-Control: max-age} of the hot reads (asset list and detail, movers, alerts, open
             * windows); the service's own cache of them expires as fast (and sooner: on every live update).
             */
            @WithDefault("5s")
            Duration maxAge();

            /** {@code Cache-Control: max-age} of a window series whose every window is final and whose range is closed. */
            @WithDefault("1h")
            Duration finalMaxAge();

            /**
             * Bytes of rendered window series the service keeps of closed ranges of final windows, which never
             * change (least recently used out first).
             */
            @WithDefault("64M")
            MemorySize finalMaxBytes();
        }
    }

    /** The live stream: Server-Sent Events of the window updates and alerts consumed from Kafka. */
    interface Stream {

        /**
         * Events kept in memory for clients that reconnect with {@code Last-Event-ID}; a client that was away
         * longer than these cover gets a {@code resync} event instead.
         */
        @WithDefault("20000")
        int bufferSize();

        /** Events queued for one slow client before the service drops its connection (it reconnects and resumes). */
        @WithDefault("5000")
        int clientBuffer();

        /**
         * Most clients connected to the stream at once (COINPULSE_STREAM_MAX_CLIENTS); one more gets 503 with
         * {@code Retry-After}. With {@link #clientBuffer()} it bounds the memory slow clients can hold: at most
         * max-clients x client-buffer events (about 0.4 KB each).
         */
        @WithDefault("500")
        int maxClients();

        /** The {@code Retry-After} of the 503 a client gets while the stream is full. */
        @WithDefault("10s")
        Duration fullRetryAfter();

        /** Interval of the heartbeat events that keep idle connections and proxies alive. */
        @WithDefault("15s")
        Duration heartbeat();

        /** Reconnection delay the stream asks clients to wait ({@code retry:} field). */
        @WithDefault("2s")
        Duration retry();

        /** Most assets one stream may filter on ({@code ?assets=}). */
        @WithDefault("200")
        int maxAssets();

        /** Kafka topic of the window updates spark-app publishes (the channel {@code live-in} reads it). */
        @WithDefault("crypto.metrics")
        String metricsTopic();

        /** Kafka topic of the anomaly alerts spark-app publishes. */
        @WithDefault("crypto.alerts")
        String alertsTopic();
    }
}
