package io.coinpulse.ingest.source.coingecko;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.live.FrameJson;
import io.coinpulse.ingest.source.live.FrameSink;
import io.coinpulse.ingest.source.live.LivePart;
import io.coinpulse.ingest.source.live.LiveSource;
import io.coinpulse.ingest.source.live.Poller;
import io.coinpulse.ingest.source.live.Secrets;
import io.coinpulse.ingest.source.live.Urls;
import io.coinpulse.ingest.tick.MalformedJsonException;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code coingecko} source: polls {@code /coins/markets} ({@code per-page} coins a page, at most 250, by
 * market cap, {@code pages} pages: the top 1000 by default) every {@code poll-interval}, within
 * {@code requests-per-minute} (keyless and demo plans allow roughly 5 to 30 a minute), waiting out HTTP 429 as
 * Retry-After asks. Keyless by default; with a key ({@code COINPULSE_INGEST_COINGECKO_API_KEY}) it sends
 * {@code x-cg-demo-api-key}, or with plan {@code pro} {@code x-cg-pro-api-key} to the pro host. The key is never
 * logged.
 */
@ApplicationScoped
@Unremovable
public class CoingeckoSource extends LiveSource {

    public static final String NAME = CoingeckoParser.SOURCE;

    static final int MAX_PER_PAGE = 250;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FrameParser parser() {
        return new CoingeckoParser(config().coingecko().vsCurrency());
    }

    @Override
    public boolean autoEligible() {
        return true;
    }

    @Override
    public Optional<String> probe(Duration timeout) {
        IngestConfig.Coingecko coingecko = config().coingecko();
        CoingeckoApi api = live.restClient(CoingeckoApi.class, baseUrl(coingecko), headers(coingecko), timeout);
        return Poller.probe("GET " + baseUrl(coingecko) + "/ping", api::ping, Secrets.of(coingecko.apiKey()));
    }

    @Override
    protected List<LivePart> createParts(FrameSink sink) {
        IngestConfig.Coingecko coingecko = config().coingecko();
        if (coingecko.perPage() < 1 || coingecko.perPage() > MAX_PER_PAGE) {
            throw new IllegalStateException("coinpulse.ingest.coingecko.per-page must be between 1 and " + MAX_PER_PAGE
                    + ", got " + coingecko.perPage());
        }
        if (coingecko.pages() < 1) {
            throw new IllegalStateException("coinpulse.ingest.coingecko.pages must be at least 1, got " + coingecko.pages());
        }
        String vs = CoingeckoParser.vsCurrency(coingecko.vsCurrency());
        String base = baseUrl(coingecko);
        CoingeckoApi api = live.restClient(CoingeckoApi.class, base, headers(coingecko));
        Poller.Cycle cycle = poller -> {
            for (int page = 1; page <= coingecko.pages(); page++) {
                int p = page;
                String body = poller.fetch("GET /coins/markets page " + p,
                        () -> api.markets(vs, "market_cap_desc", coingecko.perPage(), p, false));
                if (entries(body) < coingecko.perPage()) {
                    return;
                }
            }
        };
        return List.of(new Poller(NAME, "GET " + base + "/coins/markets", coingecko.pollInterval(),
                coingecko.requestsPerMinute(), cycle, sink, config(), meters(), Secrets.of(coingecko.apiKey())));
    }

    static int entries(String body) {
        try {
            return FrameJson.read(body).size();
        } catch (MalformedJsonException e) {
            return 0;
        }
    }

    static boolean pro(IngestConfig.Coingecko coingecko) {
        String plan = coingecko.plan().trim().toLowerCase(Locale.ROOT);
        if (!plan.equals("demo") && !plan.equals("pro")) {
            throw new IllegalStateException("coinpulse.ingest.coingecko.plan must be demo or pro, got " + coingecko.plan());
        }
        return plan.equals("pro");
    }

    static String baseUrl(IngestConfig.Coingecko coingecko) {
        String url = coingecko.url().filter(u -> !u.isBlank())
                .orElse(pro(coingecko) ? "https://pro-api.coingecko.com/api/v3" : "https://api.coingecko.com/api/v3");
        return Urls.trimSlash(Urls.http(url, "coinpulse.ingest.coingecko.url").toString());
    }

    static Map<String, String> headers(IngestConfig.Coingecko coingecko) {
        String header = pro(coingecko) ? "x-cg-pro-api-key" : "x-cg-demo-api-key";
        return coingecko.apiKey().filter(k -> !k.isBlank()).map(k -> Map.of(header, k)).orElse(Map.of());
    }
}
