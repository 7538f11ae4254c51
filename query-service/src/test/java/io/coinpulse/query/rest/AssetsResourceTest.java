package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.Fixtures.LATEST;
import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.store.Indicator;
import io.coinpulse.query.store.WindowMetrics;
import io.coinpulse.query.testing.AnalyticsFixtures;
import io.coinpulse.query.testing.Fixtures;
import io.coinpulse.query.testing.KnownRows;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/assets and /api/v1/assets/{asset} on a real MariaDB holding known rows; no primary source. */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class AssetsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> ALL = List.of("ADA", "AVAX", "BTC", "DOGE", "DOT", "ETH", "LINK", "LTC", "PEPE",
            "SOL", "XLM", "XRP");

    @Inject
    KnownRows rows;

    @BeforeEach
    void loadKnownRows() {
        rows.load();
    }

    @Test
    void pagesThroughEveryAssetInSymbolOrder() throws Exception {
        JsonNode first = list(Map.of("page", "0", "limit", "5"));
        assertThat(first.get("page").asLong()).isZero();
        assertThat(first.get("limit").asInt()).isEqualTo(5);
        assertThat(first.get("total").asLong()).isEqualTo(12);
        assertThat(symbols(first)).containsExactly("ADA", "AVAX", "BTC", "DOGE", "DOT");
        assertThat(symbols(list(Map.of("page", "1", "limit", "5")))).containsExactly("ETH", "LINK", "LTC", "PEPE", "SOL");
        JsonNode last = list(Map.of("page", "2", "limit", "5"));
        assertThat(symbols(last)).containsExactly("XLM", "XRP");
        assertThat(last.get("total").asLong()).isEqualTo(12);
        JsonNode beyond = list(Map.of("page", "3", "limit", "5"));
        assertThat(beyond.get("assets")).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(12);
    }

    @Test
    void theDefaultPageHoldsEveryAssetHere() throws Exception {
        JsonNode page = list(Map.of());
        assertThat(page.get("page").asLong()).isZero();
        assertThat(page.get("limit").asInt()).isEqualTo(100);
        assertThat(symbols(page)).isEqualTo(ALL);
    }

    @Test
    void anAssetIsPricedByTheCloseOfItsLatestWindowWithEveryField() throws Exception {
        JsonNode btc = entry(list(Map.of()), "BTC");
        Fixtures.Row latest = Fixtures.latest("binance", "BTC", "1m");
        List<String> names = new ArrayList<>();
        btc.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("asset", "source", "sources", "price", "pctChange1m", "pctChange5m",
                "pctChange24h", "volumeQuote24h", "windowStart", "lastUpdate");
        assertThat(btc.get("source").asText()).isEqualTo("binance");
        assertThat(texts(btc.get("sources"))).containsExactly("binance");
        // the close of binance,BTC,1772323560000 in ticks-sample.expected-1m.csv
        assertThat(btc.get("price").doubleValue()).isEqualTo(latest.window().close()).isEqualTo(70886.15087);
        assertThat(btc.get("windowStart").asLong()).isEqualTo(T0 + 6 * MINUTE);
        assertThat(btc.get("lastUpdate").asLong()).isEqualTo(T0 + 7 * MINUTE + 1234);
        assertThat(btc.get("pctChange24h").isNull()).as("no data 24 h old").isTrue();
    }

    @Test
    void theOneAndFiveMinuteChangesCompareWithTheClosesOfTheWindowsOneAndFiveMinutesBefore() throws Exception {
        JsonNode btc = entry(list(Map.of()), "BTC");
        double latest = 70886.15087;
        double minuteBefore = 70791.938; // close of binance,BTC,1772323500000
        double fiveMinutesBefore = 70742.63399; // close of binance,BTC,1772323260000
        assertThat(btc.get("pctChange1m").doubleValue())
                .isEqualTo((latest - minuteBefore) / minuteBefore * 100).isEqualTo(0.13308417972679745);
        assertThat(btc.get("pctChange5m").doubleValue())
                .isEqualTo((latest - fiveMinutesBefore) / fiveMinutesBefore * 100).isEqualTo(0.2028718354200421);
        // LTC's windows are hours apart: no window 1m or 5m before the latest
        JsonNode ltc = entry(list(Map.of()), "LTC");
        assertThat(ltc.get("pctChange1m").isNull()).isTrue();
        assertThat(ltc.get("pctChange5m").isNull()).isTrue();
        // coincap's ETH has one window before its latest: a 1m change, no 5m change
        JsonNode eth = entry(list(Map.of("source", "coincap")), "ETH");
        assertThat(eth.get("pctChange1m").doubleValue()).isEqualTo((3502.25 - 3501.75) / 3501.75 * 100);
        assertThat(eth.get("pctChange5m").isNull()).isTrue();
    }

    @Test
    void theDayVolumeSumsTheQuoteVolumeOfTheWindowsOfThe24hUpToTheLatest() throws Exception {
        JsonNode page = list(Map.of());
        // the seven volume_quote values of binance,BTC in ticks-sample.expected-1m.csv
        assertThat(entry(page, "BTC").get("volumeQuote24h").doubleValue())
                .isCloseTo(2389246.0675079124, org.assertj.core.data.Percentage.withPercentage(1e-10));
        // LTC: 2 * close per window; the window 24.5 h and the one exactly 24 h before are outside (t - 24 h, t]
        assertThat(entry(page, "LTC").get("volumeQuote24h").doubleValue()).isEqualTo(2 * 90 + 2 * 125.0);
        // coincap has quotes only
        assertThat(entry(list(Map.of("source", "coincap")), "PEPE").get("volumeQuote24h").doubleValue()).isZero();
    }

    @Test
    void theDayChangeComparesWithTheLatestCloseAtLeast24hOlder() throws Exception {
        JsonNode ltc = entry(list(Map.of()), "LTC");
        assertThat(ltc.get("price").doubleValue()).isEqualTo(125.0);
        assertThat(ltc.get("pctChange24h").doubleValue()).isEqualTo(25.0);
        assertThat(ltc.get("windowStart").asLong()).isEqualTo(LATEST);
        assertThat(ltc.get("lastUpdate").asLong()).isEqualTo(LATEST + MINUTE + 1234);
    }

    @Test
    void thereIsNoDayChangeWhenTheOnlyOlderDataIsFarOlderThanADay() throws Exception {
        JsonNode xlm = entry(list(Map.of()), "XLM");
        assertThat(xlm.get("price").doubleValue()).isEqualTo(50.0);
        assertThat(xlm.has("pctChange24h")).isTrue();
        assertThat(xlm.get("pctChange24h").isNull()).isTrue();
    }

    @Test
    void withSeveralSourcesTheMostRecentOneAndThenTheFirstByNamePricesTheAsset() throws Exception {
        JsonNode page = list(Map.of());
        JsonNode eth = entry(page, "ETH");
        assertThat(eth.get("source").asText()).isEqualTo("binance");
        assertThat(texts(eth.get("sources"))).containsExactly("binance", "coincap");
        assertThat(eth.get("price").doubleValue()).isEqualTo(Fixtures.latest("binance", "ETH", "1m").window().close());
        JsonNode dot = entry(page, "DOT");
        assertThat(dot.get("source").asText()).isEqualTo("binance");
        assertThat(dot.get("price").doubleValue()).isEqualTo(4.5);
    }

    @Test
    void aSourceNarrowsTheListingAndPricesFromIt() throws Exception {
        JsonNode page = list(Map.of("source", "coincap"));
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(symbols(page)).containsExactly("DOT", "ETH", "PEPE");
        JsonNode eth = entry(page, "ETH");
        assertThat(eth.get("source").asText()).isEqualTo("coincap");
        assertThat(eth.get("price").doubleValue()).isEqualTo(3502.25);
        assertThat(eth.get("windowStart").asLong()).isEqualTo(T0 + MINUTE);
        assertThat(texts(eth.get("sources"))).containsExactly("binance", "coincap");
        assertThat(entry(page, "DOT").get("price").doubleValue()).isEqualTo(4.25);
    }

    @Test
    void anEmptyDatabaseListsNoAssets() throws Exception {
        Fixtures.clear(rows.dataSource());
        JsonNode page = list(Map.of());
        assertThat(page.get("total").asLong()).isZero();
        assertThat(page.get("assets").isArray()).isTrue();
        assertThat(page.get("assets")).isEmpty();
    }

    @Test
    void anAssetShowsItsLatestWindowOfEveryConfiguredSize() throws Exception {
        JsonNode btc = detail("BTC", null);
        assertThat(btc.get("asset").asText()).isEqualTo("BTC");
        assertThat(btc.get("source").asText()).isEqualTo("binance");
        assertThat(texts(btc.get("sources"))).containsExactly("binance");
        List<String> sizes = new ArrayList<>();
        btc.get("latest").fieldNames().forEachRemaining(sizes::add);
        assertThat(sizes).containsExactly("1m", "5m");
        assertThat(JSON.treeToValue(btc.get("latest").get("1m"), WindowMetrics.class))
                .usingRecursiveComparison().isEqualTo(Fixtures.latest("binance", "BTC", "1m").window());
        assertThat(JSON.treeToValue(btc.get("latest").get("5m"), WindowMetrics.class))
                .usingRecursiveComparison().isEqualTo(Fixtures.latest("binance", "BTC", "5m").window());
    }

    @Test
    void anAssetShowsEveryIndicatorOfItsLatestWindow() throws Exception {
        AnalyticsFixtures.load(rows.dataSource());
        JsonNode btc = detail("BTC", null);
        List<Indicator> indicators = new ArrayList<>();
        for (JsonNode i : btc.get("indicators")) {
            indicators.add(JSON.treeToValue(i, Indicator.class));
        }
        assertThat(indicators).containsExactly(
                new Indicator("change_1m", T0 + 6 * MINUTE, 0.13581),
                new Indicator("change_5m", T0 + 6 * MINUTE, -0.5123),
                new Indicator("ema_12", T0 + 6 * MINUTE, 70500.25),
                new Indicator("sma_20", T0 + 6 * MINUTE, null),
                new Indicator("sma_5", T0 + 6 * MINUTE, 70917.95),
                new Indicator("volatility_30", T0 + 6 * MINUTE, 0.0041))
                .isEqualTo(AnalyticsFixtures.latestIndicators("binance", "BTC"));
        assertThat(btc.get("indicators").get(3).has("value")).isTrue();
        assertThat(btc.get("indicators").get(3).get("value").isNull()).isTrue();
        // per source: coincap's ETH has its own
        JsonNode eth = detail("ETH", "coincap");
        assertThat(eth.get("indicators")).hasSize(1);
        assertThat(eth.get("indicators").get(0).get("value").doubleValue()).isEqualTo(3501.0);
        assertThat(eth.get("indicators").get(0).get("windowStart").asLong()).isEqualTo(T0 + MINUTE);
    }

    @Test
    void anAssetWithoutIndicatorsHasAnEmptyList() throws Exception {
        AnalyticsFixtures.clear(rows.dataSource());
        JsonNode pepe = detail("PEPE", null);
        assertThat(pepe.get("indicators").isArray()).isTrue();
        assertThat(pepe.get("indicators")).isEmpty();
    }

    @Test
    void anAssetWithoutWindowsOfASizeShowsOnlyTheSizesItHas() throws Exception {
        JsonNode pepe = detail("pepe", null);
        assertThat(pepe.get("asset").asText()).isEqualTo("PEPE");
        assertThat(pepe.get("source").asText()).isEqualTo("coincap");
        List<String> sizes = new ArrayList<>();
        pepe.get("latest").fieldNames().forEachRemaining(sizes::add);
        assertThat(sizes).containsExactly("1m");
        assertThat(JSON.treeToValue(pepe.get("latest").get("1m"), WindowMetrics.class))
                .usingRecursiveComparison().isEqualTo(Fixtures.latest("coincap", "PEPE", "1m").window());
    }

    @Test
    void anAssetOfSeveralSourcesIsShownFromTheNamedOne() throws Exception {
        JsonNode eth = detail("ETH", "coincap");
        assertThat(eth.get("source").asText()).isEqualTo("coincap");
        assertThat(texts(eth.get("sources"))).containsExactly("binance", "coincap");
        assertThat(JSON.treeToValue(eth.get("latest").get("1m"), WindowMetrics.class))
                .usingRecursiveComparison().isEqualTo(Fixtures.latest("coincap", "ETH", "1m").window());
    }

    private static JsonNode list(Map<String, String> params) throws Exception {
        String body = given().queryParams(params).when().get("/api/v1/assets")
                .then().statusCode(200).contentType("application/json").extract().asString();
        return JSON.readTree(body);
    }

    private static JsonNode detail(String asset, String source) throws Exception {
        var request = given();
        if (source != null) {
            request.queryParam("source", source);
        }
        String body = request.when().get("/api/v1/assets/{asset}", asset)
                .then().statusCode(200).contentType("application/json").extract().asString();
        return JSON.readTree(body);
    }

    private static List<String> symbols(JsonNode page) {
        List<String> symbols = new ArrayList<>();
        page.get("assets").forEach(a -> symbols.add(a.get("asset").asText()));
        return symbols;
    }

    private static JsonNode entry(JsonNode page, String asset) {
        for (JsonNode a : page.get("assets")) {
            if (a.get("asset").asText().equals(asset)) {
                return a;
            }
        }
        throw new AssertionError(asset + " not listed in " + page);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
