package io.coinpulse.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything ingest-service reads under {@code coinpulse.ingest} (SPEC §7). */
@ConfigMapping(prefix = "coinpulse.ingest")
public interface IngestConfig {

    /** Enabled sources by name, several at once (env {@code COINPULSE_INGEST_SOURCES=replay,synthetic}). */
    @WithDefault("synthetic")
    List<String> sources();

    /** The {@code replay} source. */
    Replay replay();

    /** The {@code synthetic} source. */
    Synthetic synthetic();

    /** Raw-frame recording. */
    Recording record();

    /** Publishing to Kafka. */
    Publish publish();

    interface Replay {

        /** JSON Lines of canonical ticks or recorded raw frames; gzip is detected by its magic bytes. */
        Optional<String> file();

        /** {@code max} (as fast as Kafka takes it) or a positive multiple of real time, paced on event-time gaps. */
        @WithDefault("max")
        String speed();
    }

    interface Synthetic {

        /** Number of assets in the random-walk market. */
        @WithDefault("20")
        int assets();

        /** Events per second, all assets together. */
        @WithDefault("50")
        double rate();

        /** Random seed: the same seed gives the same sequence of ticks. */
        @WithDefault("42")
        long seed();

        /** Share of quotes among the events, 0 to 1; the rest are trades. */
        @WithDefault("0.1")
        double quoteShare();
    }

    interface Recording {

        /** File the raw frames of the live sources are appended to as JSON Lines; unset: no recording. */
        Optional<String> file();
    }

    interface Publish {

        /** Records handed to Kafka and not yet acknowledged, all sources together; sources wait beyond it. */
        @WithDefault("1000")
        int maxInFlight();

        /** How long a finishing replay waits for outstanding acknowledgements before it warns (and waits on). */
        @WithDefault("60s")
        Duration drainTimeout();

        /** How long a shutdown waits for outstanding acknowledgements, all sources together. */
        @WithDefault("10s")
        Duration shutdownTimeout();
    }
}
