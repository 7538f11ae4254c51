package io.coinpulse.ingest.source.coincap;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.live.FrameJson;
import io.coinpulse.ingest.source.live.FrameSink;
import io.coinpulse.ingest.source.live.LivePart;
import io.coinpulse.ingest.source.live.LiveSource;
import io.coinpulse.ingest.source.live.Poller;
import io.coinpulse.ingest.source.live.Secrets;
import io.coinpulse.ingest.source.live.StartAfter;
import io.coinpulse.ingest.source.live.StreamConnection;
import io.coinpulse.ingest.source.live.StreamEndpoint;
import io.coinpulse.ingest.source.live.Urls;
import io.coinpulse.ingest.tick.MalformedJsonException;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code coincap} source (CoinCap v3; the v2 hosts answer nothing but a deprecation notice since
 * 2025-03-31 and are not the default):
 *
 * <ul>
 * <li>polls REST {@code /assets} by rank, {@code page-size} per request, until {@code max-assets} or a short
 * page (1000+ assets), every {@code poll-interval}, within {@code requests-per-minute};</li>
 * <li>after the first poll (the stream names coins by id, the poll teaches the parser their symbols) opens the
 * prices stream {@code <ws-url>/prices?assets=…&apiKey=…}.</li>
 * </ul>
 *
 * The API key ({@code COINPULSE_INGEST_COINCAP_API_KEY}) is required; REST sends it as
 * {@code Authorization: Bearer}, the stream in its query as CoinCap documents. It is never logged.
 */
@ApplicationScoped
@Unremovable
public class CoincapSource extends LiveSource {

    public static final String NAME = CoincapParser.SOURCE;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FrameParser parser() {
        return new CoincapParser();
    }

    @Override
    public boolean autoEligible() {
        return config().coincap().apiKey().filter(k -> !k.isBlank()).isPresent();
    }

    @Override
    public Optional<String> probe(Duration timeout) {
        IngestConfig.Coincap coincap = config().coincap();
        CoincapApi api = live.restClient(CoincapApi.class, restUrl(coincap), headers(coincap), timeout);
        return Poller.probe("GET " + restUrl(coincap) + "/assets", () -> api.assets(1, 0), Secrets.of(coincap.apiKey()));
    }

    @Override
    protected List<LivePart> createParts(FrameSink sink) {
        IngestConfig.Coincap coincap = config().coincap();
        String key = coincap.apiKey().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                "source coincap needs an API key (CoinCap v3): set COINPULSE_INGEST_COINCAP_API_KEY"
                        + " (coinpulse.ingest.coincap.api-key)"));
        if (coincap.pageSize() < 1 || coincap.maxAssets() < 1) {
            throw new IllegalStateException("coinpulse.ingest.coincap.page-size and max-assets must be at least 1");
        }
        Secrets secrets = Secrets.of(coincap.apiKey());
        String base = restUrl(coincap);
        CoincapApi api = live.restClient(CoincapApi.class, base, headers(coincap));
        Poller assets = new Poller(NAME, "GET " + base + "/assets", coincap.pollInterval(), coincap.requestsPerMinute(),
                poller -> pollAssets(poller, api, coincap), sink, config(), meters(), secrets);
        if (!coincap.prices()) {
            return List.of(assets);
        }
        StreamConnection prices = new StreamConnection(NAME, pricesEndpoint(coincap, key), sink, config(), meters(),
                secrets);
        return List.of(assets, new StartAfter(assets.firstCycle(), prices, "the first /assets poll (it maps the stream's ids)"));
    }

    private static void pollAssets(Poller poller, CoincapApi api, IngestConfig.Coincap coincap) throws Exception {
        for (int offset = 0; offset < coincap.maxAssets(); offset += coincap.pageSize()) {
            int limit = Math.min(coincap.pageSize(), coincap.maxAssets() - offset);
            int from = offset;
            String body = poller.fetch("GET /assets?limit=" + limit + "&offset=" + from, () -> api.assets(limit, from));
            if (entries(body) < limit) {
                return;
            }
        }
    }

    /** How many assets a page holds (0 for anything unreadable: the paging stops, the parser reports it). */
    static int entries(String body) {
        try {
            return FrameJson.read(body).path("data").size();
        } catch (MalformedJsonException e) {
            return 0;
        }
    }

    static String restUrl(IngestConfig.Coincap coincap) {
        return Urls.trimSlash(Urls.http(coincap.restUrl(), "coinpulse.ingest.coincap.rest-url").toString());
    }

    private static Map<String, String> headers(IngestConfig.Coincap coincap) {
        return coincap.apiKey().filter(k -> !k.isBlank()).map(k -> Map.of("Authorization", "Bearer " + k))
                .orElse(Map.of());
    }

    static StreamEndpoint pricesEndpoint(IngestConfig.Coincap coincap, String key) {
        String base = Urls.trimSlash(Urls.webSocket(coincap.wsUrl(), "coinpulse.ingest.coincap.ws-url").toString());
        String assets = coincap.priceAssets().isBlank() ? "ALL" : coincap.priceAssets().trim();
        URI uri = URI.create(base + "/prices?assets=" + URLEncoder.encode(assets, StandardCharsets.UTF_8) + "&apiKey="
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
        return StreamEndpoint.of(StreamEndpoint.display(uri) + " (prices of " + assets + ")", uri, Map.of(), List.of(),
                coincap.silenceTimeout());
    }
}
