package io.coinpulse.ingest.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.coinpulse.ingest.Fixtures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the fake exchanges (WireMock for CoinCap, CoinGecko and CoinAPI REST; {@link FakeWebSockets} for the
 * Binance, Coinbase, Kraken and CoinCap streams), serving the real payloads of {@code ../shared/fixtures/sources},
 * and points every live source at them with short timeouts. The CoinGecko fake answers its first request with
 * HTTP 429 and {@code Retry-After: 2}.
 */
public class FakeExchangesResource implements QuarkusTestResourceLifecycleManager {

    /** The second CoinGecko page: a coin with nulls. */
    public static final String GECKO_PAGE_2 = "[{\"id\":\"ethereum\",\"symbol\":\"eth\",\"name\":\"Ethereum\",\"image\":\"https://x\","
            + "\"current_price\":3500.25,\"market_cap\":null,\"market_cap_rank\":2,\"total_volume\":12.5,\"roi\":null,"
            + "\"last_updated\":\"2026-05-18T12:49:20.000Z\",\"brand_new_field\":{\"a\":1}}]";

    /** CoinAPI's ETH/USD answer: a float with more digits than a double holds. */
    public static final String COINAPI_ETH = "{\"time\":\"2023-07-24T11:31:56.1234567Z\",\"asset_id_base\":\"ETH\","
            + "\"asset_id_quote\":\"USD\",\"rate\":1850.123456789012345}";

    /** The real CoinCap bitcoin object and more of its shape. */
    public static final String COINCAP_PAGE_1 = "{\"timestamp\":1775474489690,\"data\":[" + coincapBitcoin() + ","
            + coincapAsset("monero", "XMR", "420.1") + "]}";
    public static final String COINCAP_PAGE_2 = "{\"timestamp\":1775474489690,\"data\":[" + coincapAsset("fantom", "FTM", "0.8")
            + "," + coincapAsset("bitcoin-bep2", "BTC", "69000") + "]}";

    /** What the CoinCap stream sends first on every connection. */
    public static final String COINCAP_GREETING = "{\"bitcoin\":\"69710.12\"}";

    private final Map<String, String> overrides = new HashMap<>();
    private FakeExchanges fakes;

    /** Init arguments replace the configuration below (e.g. a larger request budget). */
    @Override
    public void init(Map<String, String> initArgs) {
        overrides.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        FakeWebSockets ws = new FakeWebSockets();
        WireMockServer http = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        http.start();
        fakes = new FakeExchanges(http, ws);
        stubRest(http);
        fakes.binance().answers(Map.of("LIST_SUBSCRIPTIONS", "{\"result\":[],\"id\":1}"));
        fakes.coinbase().heartbeat(Fixtures.frame("coinbase_heartbeats.json").replaceAll("\\s*\n\\s*", ""),
                Duration.ofMillis(300));
        fakes.kraken().answers(Map.of("\"subscribe\"", "{\"method\":\"subscribe\",\"success\":true,"
                        + "\"time_in\":\"2023-09-25T09:04:31.742599Z\",\"time_out\":\"2023-09-25T09:04:31.742648Z\"}"))
                .heartbeat("{\"channel\":\"heartbeat\"}", Duration.ofMillis(300));
        fakes.coincapPrices().accepts(query -> query.contains("apiKey=" + FakeExchanges.COINCAP_KEY))
                .greeting(COINCAP_GREETING);

        String api = "http://127.0.0.1:" + http.port();
        Map<String, String> config = new HashMap<>();
        config.put("coinpulse.ingest.live.connect-timeout", "2s");
        config.put("coinpulse.ingest.live.retry.initial-delay", "200ms");
        config.put("coinpulse.ingest.live.retry.max-delay", "1s");
        config.put("coinpulse.ingest.live.retry.jitter", "50ms");
        config.put("coinpulse.ingest.live.retry.stable-after", "500ms");
        config.put("coinpulse.ingest.live.retry.default-retry-after", "2s");

        config.put("coinpulse.ingest.binance.url", ws.url("/binance"));
        config.put("coinpulse.ingest.binance.symbols", "btcusdt,ethusdt");
        config.put("coinpulse.ingest.binance.max-streams-per-connection", "2");
        config.put("coinpulse.ingest.binance.silence-timeout", "3s");

        config.put("coinpulse.ingest.coinbase.url", ws.url("/coinbase"));
        config.put("coinpulse.ingest.coinbase.product-ids", "BTC-USD,ETH-USD");
        config.put("coinpulse.ingest.coinbase.silence-timeout", "1500ms");

        config.put("coinpulse.ingest.kraken.url", ws.url("/kraken/v2"));
        config.put("coinpulse.ingest.kraken.symbols", "ALGO/USD,MATIC/USD");
        config.put("coinpulse.ingest.kraken.silence-timeout", "2s");

        config.put("coinpulse.ingest.coincap.api-key", FakeExchanges.COINCAP_KEY);
        config.put("coinpulse.ingest.coincap.rest-url", api + "/v3");
        config.put("coinpulse.ingest.coincap.ws-url", ws.url("/coincap"));
        config.put("coinpulse.ingest.coincap.page-size", "2");
        config.put("coinpulse.ingest.coincap.max-assets", "4");
        config.put("coinpulse.ingest.coincap.poll-interval", "10m");

        config.put("coinpulse.ingest.coingecko.api-key", FakeExchanges.COINGECKO_KEY);
        config.put("coinpulse.ingest.coingecko.url", api + "/api/v3");
        config.put("coinpulse.ingest.coingecko.per-page", "1");
        config.put("coinpulse.ingest.coingecko.pages", "2");
        config.put("coinpulse.ingest.coingecko.poll-interval", "1s");
        config.put("coinpulse.ingest.coingecko.requests-per-minute", "5");

        config.put("coinpulse.ingest.coinapi.api-key", FakeExchanges.COINAPI_KEY);
        config.put("coinpulse.ingest.coinapi.url", api);
        config.put("coinpulse.ingest.coinapi.pairs", "BTC/USD,ETH/USD");
        config.put("coinpulse.ingest.coinapi.poll-interval", "1s");
        config.put("coinpulse.ingest.coinapi.requests-per-minute", "120");
        config.putAll(overrides);
        return config;
    }

    private static void stubRest(WireMockServer http) {
        // CoinGecko: 429 with Retry-After first, then the pages (demo key header required)
        http.stubFor(get(urlPathEqualTo("/api/v3/coins/markets")).inScenario("gecko").whenScenarioStateIs(Scenario.STARTED)
                .withHeader("x-cg-demo-api-key", equalTo(FakeExchanges.COINGECKO_KEY))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withBody("{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the Rate Limit.\"}}"))
                .willSetStateTo("served"));
        http.stubFor(gecko(1).willReturn(json(Fixtures.read("coingecko_markets.json"))));
        http.stubFor(gecko(2).willReturn(json(GECKO_PAGE_2)));

        http.stubFor(get(urlPathEqualTo("/api/v3/ping")).withHeader("x-cg-demo-api-key", equalTo(FakeExchanges.COINGECKO_KEY))
                .willReturn(json("{\"gecko_says\":\"(V3) To the Moon!\"}")));

        // CoinAPI: the key in X-CoinAPI-Key
        http.stubFor(get(urlPathEqualTo("/v1/exchangerate/BTC/USD"))
                .withHeader("X-CoinAPI-Key", equalTo(FakeExchanges.COINAPI_KEY))
                .willReturn(json(Fixtures.read("coinapi_exchangerate.json"))));
        http.stubFor(get(urlPathEqualTo("/v1/exchangerate/ETH/USD"))
                .withHeader("X-CoinAPI-Key", equalTo(FakeExchanges.COINAPI_KEY))
                .willReturn(json(COINAPI_ETH)));

        // CoinCap v3: Bearer key, two pages of two
        http.stubFor(get(urlPathEqualTo("/v3/assets")).withQueryParam("limit", equalTo("2"))
                .withQueryParam("offset", equalTo("0"))
                .withHeader("Authorization", equalTo("Bearer " + FakeExchanges.COINCAP_KEY))
                .willReturn(json(COINCAP_PAGE_1)));
        http.stubFor(get(urlPathEqualTo("/v3/assets")).withQueryParam("limit", equalTo("2"))
                .withQueryParam("offset", equalTo("2"))
                .withHeader("Authorization", equalTo("Bearer " + FakeExchanges.COINCAP_KEY))
                .willReturn(json(COINCAP_PAGE_2)));
        http.stubFor(get(urlPathEqualTo("/v3/assets")).withQueryParam("limit", equalTo("1"))
                .withHeader("Authorization", equalTo("Bearer " + FakeExchanges.COINCAP_KEY))
                .willReturn(json("{\"timestamp\":1775474489690,\"data\":[" + coincapBitcoin() + "]}")));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder gecko(int page) {
        return get(urlPathEqualTo("/api/v3/coins/markets")).inScenario("gecko").whenScenarioStateIs("served")
                .withQueryParam("vs_currency", equalTo("usd")).withQueryParam("order", equalTo("market_cap_desc"))
                .withQueryParam("per_page", equalTo("1")).withQueryParam("page", equalTo(Integer.toString(page)))
                .withQueryParam("sparkline", equalTo("false"))
                .withHeader("x-cg-demo-api-key", equalTo(FakeExchanges.COINGECKO_KEY));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static String coincapBitcoin() {
        String fixture = Fixtures.frame("coincap_v3_asset.json");
        return fixture.substring(fixture.indexOf("\"data\":") + 7, fixture.length() - 1);
    }

    static String coincapAsset(String id, String symbol, String price) {
        return "{\"id\":\"" + id + "\",\"rank\":\"9\",\"symbol\":\"" + symbol + "\",\"name\":\"x\","
                + "\"supply\":\"1.000000000000000000\",\"maxSupply\":null,\"marketCapUsd\":null,\"volumeUsd24Hr\":\"1000.5\","
                + "\"priceUsd\":\"" + price + "\",\"changePercent24Hr\":\"1.2\",\"vwap24Hr\":null,\"explorer\":null,\"tokens\":{}}";
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fakes, new TestInjector.MatchesType(FakeExchanges.class));
    }

    @Override
    public void stop() {
        if (fakes != null) {
            fakes.http().stop();
            fakes.ws().close();
        }
    }
}
