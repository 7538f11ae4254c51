package io.coinpulse.ingest.source.coinapi;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.live.FrameSink;
import io.coinpulse.ingest.source.live.LivePart;
import io.coinpulse.ingest.source.live.LiveSource;
import io.coinpulse.ingest.source.live.Poller;
import io.coinpulse.ingest.source.live.Secrets;
import io.coinpulse.ingest.source.live.Symbols;
import io.coinpulse.ingest.source.live.Urls;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code coinapi} source: polls {@code /v1/exchangerate/{base}/{quote}} for each configured pair every
 * {@code poll-interval}, within {@code requests-per-minute}, waiting out HTTP 429 as Retry-After asks. The key
 * ({@code COINPULSE_INGEST_COINAPI_API_KEY}) is required and sent as {@code X-CoinAPI-Key}; it is never logged.
 */
@ApplicationScoped
@Unremovable
public class CoinapiSource extends LiveSource {

    public static final String NAME = CoinapiParser.SOURCE;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FrameParser parser() {
        return new CoinapiParser();
    }

    @Override
    public boolean autoEligible() {
        return config().coinapi().apiKey().filter(k -> !k.isBlank()).isPresent();
    }

    @Override
    public Optional<String> probe(Duration timeout) {
        IngestConfig.Coinapi coinapi = config().coinapi();
        Symbols.Pair pair = pairs(coinapi).get(0);
        CoinapiApi api = live.restClient(CoinapiApi.class, baseUrl(coinapi), headers(coinapi), timeout);
        return Poller.probe("GET " + baseUrl(coinapi) + "/v1/exchangerate/" + pair.asset() + "/" + pair.quote(),
                () -> api.exchangeRate(pair.asset(), pair.quote()), Secrets.of(coinapi.apiKey()));
    }

    @Override
    protected List<LivePart> createParts(FrameSink sink) {
        IngestConfig.Coinapi coinapi = config().coinapi();
        coinapi.apiKey().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                "source coinapi needs an API key: set COINPULSE_INGEST_COINAPI_API_KEY (coinpulse.ingest.coinapi.api-key)"));
        List<Symbols.Pair> pairs = pairs(coinapi);
        String base = baseUrl(coinapi);
        CoinapiApi api = live.restClient(CoinapiApi.class, base, headers(coinapi));
        Poller.Cycle cycle = poller -> {
            for (Symbols.Pair pair : pairs) {
                poller.fetch("GET /v1/exchangerate/" + pair.asset() + "/" + pair.quote(),
                        () -> api.exchangeRate(pair.asset(), pair.quote()));
            }
        };
        return List.of(new Poller(NAME, "GET " + base + "/v1/exchangerate (" + pairs.size() + " pairs)",
                coinapi.pollInterval(), coinapi.requestsPerMinute(), cycle, sink, config(), meters(),
                Secrets.of(coinapi.apiKey())));
    }

    static List<Symbols.Pair> pairs(IngestConfig.Coinapi coinapi) {
        List<Symbols.Pair> pairs = new ArrayList<>();
        for (String text : coinapi.pairs()) {
            if (text.isBlank()) {
                continue;
            }
            pairs.add(Symbols.split(text.trim(), '/').orElseThrow(() -> new IllegalStateException(
                    "coinpulse.ingest.coinapi.pairs: '" + text + "' is not BASE/QUOTE such as BTC/USD")));
        }
        if (pairs.isEmpty()) {
            throw new IllegalStateException("coinpulse.ingest.coinapi.pairs names no pair (e.g. BTC/USD)");
        }
        return pairs;
    }

    static String baseUrl(IngestConfig.Coinapi coinapi) {
        return Urls.trimSlash(Urls.http(coinapi.url(), "coinpulse.ingest.coinapi.url").toString());
    }

    static Map<String, String> headers(IngestConfig.Coinapi coinapi) {
        return coinapi.apiKey().filter(k -> !k.isBlank()).map(k -> Map.of("X-CoinAPI-Key", k)).orElse(Map.of());
    }
}
