package io.coinpulse.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything ingest-service reads under {@code coinpulse.ingest} (SPEC §7). */
@ConfigMapping(prefix = "coinpulse.ingest")
public interface IngestConfig {

    /**
     * Enabled sources by name, several at once (env {@code COINPULSE_INGEST_SOURCES=binance,coingecko}).
     * {@code auto}: the live sources that need no further setup (the keyless ones, and the keyed ones whose
     * key is set) that answer a probe at start; {@code synthetic} when none does.
     */
    @WithDefault("auto")
    List<String> sources();

    /**
     * Longest accepted frame, in bytes: a replay line (UTF-8), a WebSocket message, a REST response body. A longer
     * one is rejected as {@code oversized} with only an excerpt in the DLQ, without being held whole in memory.
     */
    @WithDefault("1048576")
    int maxFrameBytes();

    /** The {@code auto} choice of sources. */
    Auto auto();

    /** What every live (network) source shares: queueing, connecting, retrying. */
    Live live();

    /** The {@code binance} source: WebSocket trade streams and the all-market mini-ticker. */
    Binance binance();

    /** The {@code coinbase} source: Advanced Trade WebSocket ticker, market_trades and heartbeats. */
    Coinbase coinbase();

    /** The {@code kraken} source: WebSocket v2 ticker and trade channels. */
    Kraken kraken();

    /** The {@code coincap} source: v3 REST {@code /assets} polled and the v3 WebSocket prices stream. */
    Coincap coincap();

    /** The {@code coingecko} source: REST {@code /coins/markets} polled. */
    Coingecko coingecko();

    /** The {@code coinapi} source: REST {@code /v1/exchangerate/{base}/{quote}} polled. */
    Coinapi coinapi();

    /** The {@code replay} source. */
    Replay replay();

    /** The {@code synthetic} source. */
    Synthetic synthetic();

    /** Raw-frame recording. */
    Recording record();

    /** Publishing to Kafka. */
    Publish publish();

    /** The on-disk journal live sources spill to while Kafka does not take their ticks. */
    Journal journal();

    interface Replay {

        /** JSON Lines of canonical ticks or recorded raw frames; gzip is detected by its magic bytes. */
        Optional<String> file();

        /** {@code max} (as fast as Kafka takes it) or a positive multiple of real time, paced on event-time gaps. */
        @WithDefault("max")
        String speed();

        /**
         * Acknowledged lines between two saves of the replay's position (beside the journal; also saved once a
         * second): a replay killed and started again resumes there, publishing again at most this many lines plus
         * the records that were in flight.
         */
        @WithDefault("16384")
        int positionEvery();
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

        /**
         * Recent history published at start, before the live ticks: event times from this long ago up to
         * the start, a tick per asset every 3 s (at most the live rate) moving and trading as much per minute as
         * the live market, with one price shock that trips the job's alert rule; {@code 0s}: none.
         */
        @WithDefault("1h")
        Duration history();
    }

    interface Recording {

        /** File the raw frames of the live sources are appended to as JSON Lines; unset: no recording. */
        Optional<String> file();
    }

    interface Publish {

        /**
         * Records handed to Kafka and not yet acknowledged, all sources together; sources wait beyond it. 16,384
         * ticks are ~3 MiB; a bound of a few thousand keeps a replay waiting on acknowledgements most of its time.
         */
        @WithDefault("16384")
        int maxInFlight();

        /** How long a finishing replay waits for outstanding acknowledgements before it warns (and waits on). */
        @WithDefault("60s")
        Duration drainTimeout();

        /** How long a shutdown waits for outstanding acknowledgements, all sources together. */
        @WithDefault("10s")
        Duration shutdownTimeout();
    }

    interface Journal {

        /**
         * The journal file (Tape's {@code QueueFile}); it must outlive the process, so on Kubernetes it sits on a
         * persistent volume. Relative paths resolve against the working directory.
         */
        @WithDefault(".coinpulse/ingest-journal")
        String path();

        /**
         * The bound: bytes the journal may hold, entry headers included. A journaled tick takes about 210 bytes,
         * so the default 4 GiB holds about 20 million ticks, 2.8 hours at 2,000 ticks/s. Past it new records
         * are dropped, counted per source. The file grows in powers of two up to the bound rounded up to one.
         */
        @WithDefault("4G")
        MemorySize maxBytes();

        /**
         * How long a live source waits for a free in-flight slot before its record goes to the journal instead:
         * long enough to ride out a busy moment, short enough that its frame queue does not fill.
         */
        @WithDefault("200ms")
        Duration spillAfter();

        /** How long the journal's drainer waits before it tries again after Kafka refused a record. */
        @WithDefault("1s")
        Duration retryDelay();
    }

    interface Auto {

        /** How long the start-up probe of each candidate live source may take (they run in parallel). */
        @WithDefault("3s")
        Duration probeTimeout();
    }

    interface Live {

        /** Frames received and not yet parsed, per source; beyond it frames are dropped and counted (Kafka far behind). */
        @WithDefault("10000")
        int queueCapacity();

        /** Timeout of one connection attempt (TCP, TLS and WebSocket handshake) and of one HTTP request. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Retrying after a failed or lost connection or request. */
        Retry retry();
    }

    interface Retry {

        /** First delay before a retry; it doubles on each further failure. */
        @WithDefault("1s")
        Duration initialDelay();

        /** Longest delay between two retries. */
        @WithDefault("60s")
        Duration maxDelay();

        /** Random jitter added to or taken from each delay, so many clients do not retry in step. */
        @WithDefault("500ms")
        Duration jitter();

        /**
         * A WebSocket connection counts as established once it has delivered data and stayed open this long;
         * one that drops sooner counts as a failed attempt, so a flapping server gets an exponential backoff.
         */
        @WithDefault("5s")
        Duration stableAfter();

        /** How long to wait after an HTTP 429 that carries no Retry-After header. */
        @WithDefault("60s")
        Duration defaultRetryAfter();
    }

    interface Binance {

        /** Market-data WebSocket host; {@code wss://stream.binance.us:9443} for binance.us (HTTP 451 from US addresses otherwise). */
        @WithDefault("wss://data-stream.binance.vision")
        String url();

        /** Symbols whose trades are streamed ({@code <symbol>@trade}), any case. */
        @WithDefault("btcusdt,ethusdt,solusdt,bnbusdt,xrpusdt,dogeusdt,adausdt,trxusdt,avaxusdt,linkusdt")
        List<String> symbols();

        /** Whether to stream {@code !miniTicker@arr}: a quote per symbol of the whole market every second. */
        @WithDefault("true")
        boolean miniTicker();

        /** Quote assets a Binance symbol may end in, to split {@code BTCUSDT} into BTC/USDT; longest match wins. */
        @WithDefault("USDT,USDC,FDUSD,TUSD,BUSD,USDP,DAI,USD,BTC,ETH,BNB,EUR,GBP,TRY,BRL,JPY,AUD,RUB,UAH,ZAR,PLN,RON,ARS,MXN,COP,CZK,IDR,NGN,BIDR,BVND,IDRT")
        List<String> quoteAssets();

        /** Streams per connection (Binance allows at most 1024); more streams open more connections. */
        @WithDefault("1024")
        int maxStreamsPerConnection();

        /** Binance closes a connection after 24 h: a new one is opened (before the old closes) after this long. */
        @WithDefault("23h")
        Duration maxConnectionLife();

        /** A connection without a message for this long is taken as dead and replaced. */
        @WithDefault("30s")
        Duration silenceTimeout();
    }

    interface Coinbase {

        /** Advanced Trade market-data WebSocket. */
        @WithDefault("wss://advanced-trade-ws.coinbase.com")
        String url();

        /** Products whose ticker and trades are streamed. */
        @WithDefault("BTC-USD,ETH-USD,SOL-USD,XRP-USD,DOGE-USD,ADA-USD,AVAX-USD,LINK-USD,LTC-USD,DOT-USD")
        List<String> productIds();

        /** A connection without a message for this long (heartbeats come every second) is taken as dead and replaced. */
        @WithDefault("15s")
        Duration silenceTimeout();
    }

    interface Kraken {

        /** WebSocket v2 endpoint. */
        @WithDefault("wss://ws.kraken.com/v2")
        String url();

        /** Pairs whose ticker and trades are streamed, v2 spelling ({@code BTC/USD}). */
        @WithDefault("BTC/USD,ETH/USD,SOL/USD,XRP/USD,DOGE/USD,ADA/USD,AVAX/USD,LINK/USD,LTC/USD,DOT/USD")
        List<String> symbols();

        /** A connection without a message for this long (heartbeats come every second) is taken as dead and replaced. */
        @WithDefault("15s")
        Duration silenceTimeout();
    }

    interface Coincap {

        /** CoinCap v3 API key (env {@code COINPULSE_INGEST_COINCAP_API_KEY}); required. Never logged. */
        Optional<String> apiKey();

        /** v3 REST base URL (the v2 hosts are dead since 2025-03-31). */
        @WithDefault("https://rest.coincap.io/v3")
        String restUrl();

        /** v3 WebSocket base URL; the prices stream is {@code <ws-url>/prices}. */
        @WithDefault("wss://wss.coincap.io")
        String wsUrl();

        /** Assets per {@code /assets} request ({@code limit}). */
        @WithDefault("1000")
        int pageSize();

        /** Most assets read per poll (pages of {@code page-size}, by rank, until a short page). */
        @WithDefault("2000")
        int maxAssets();

        /** Time between two polls of {@code /assets} (each request costs credits; the prices stream is live). */
        @WithDefault("5m")
        Duration pollInterval();

        /** Most REST requests in any minute. */
        @WithDefault("10")
        int requestsPerMinute();

        /** Whether to stream live prices from the WebSocket besides polling. */
        @WithDefault("true")
        boolean prices();

        /** {@code assets} of the prices stream: {@code ALL} or comma-separated CoinCap ids ({@code bitcoin,ethereum}). */
        @WithDefault("ALL")
        String priceAssets();

        /** A prices stream without a message for this long is taken as dead and replaced. */
        @WithDefault("60s")
        Duration silenceTimeout();
    }

    interface Coingecko {

        /** Demo or pro API key (env {@code COINPULSE_INGEST_COINGECKO_API_KEY}); keyless without it. Never logged. */
        Optional<String> apiKey();

        /** {@code demo} (header {@code x-cg-demo-api-key}, public host) or {@code pro} (header {@code x-cg-pro-api-key}, pro host). */
        @WithDefault("demo")
        String plan();

        /** REST base URL; default: {@code https://api.coingecko.com/api/v3}, or the pro host with plan {@code pro}. */
        Optional<String> url();

        /** {@code vs_currency}: the quote currency of every price ({@code usd} → quote {@code USD}). */
        @WithDefault("usd")
        String vsCurrency();

        /** Coins per page ({@code per_page}, at most 250). */
        @WithDefault("250")
        int perPage();

        /** Pages per poll, by market cap: 4 × 250 = the top 1000 coins. */
        @WithDefault("4")
        int pages();

        /** Time between the starts of two polls. */
        @WithDefault("60s")
        Duration pollInterval();

        /** Most requests in any minute (keyless and demo: roughly 5 to 30 allowed). */
        @WithDefault("8")
        int requestsPerMinute();
    }

    interface Coinapi {

        /** CoinAPI key, sent as {@code X-CoinAPI-Key} (env {@code COINPULSE_INGEST_COINAPI_API_KEY}); required. Never logged. */
        Optional<String> apiKey();

        /** REST base URL. */
        @WithDefault("https://rest.coinapi.io")
        String url();

        /** Pairs polled, {@code BASE/QUOTE}. */
        @WithDefault("BTC/USD,ETH/USD")
        List<String> pairs();

        /** Time between the starts of two polls. */
        @WithDefault("60s")
        Duration pollInterval();

        /** Most requests in any minute. */
        @WithDefault("10")
        int requestsPerMinute();
    }
}
