package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.store.WindowMetrics;
import io.coinpulse.query.testing.Fixtures;
import io.coinpulse.query.testing.KnownRows;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/assets/{asset}/windows on a real MariaDB holding known rows; no primary source configured. */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class WindowsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KnownRows rows;

    @BeforeEach
    void loadKnownRows() {
        rows.load();
    }

    @Test
    void servesEveryWindowOfTheDatasetWithExactlyTheStoredValues() throws Exception {
        Map<String, List<Fixtures.Row>> byAsset = Fixtures.rows().stream()
                .filter(r -> r.source().equals("binance") && r.size().equals("1m"))
                .filter(r -> r.window().windowStart() >= T0 && r.window().windowStart() <= T0 + 6 * MINUTE)
                .collect(Collectors.groupingBy(Fixtures.Row::asset));
        assertThat(new TreeSet<>(byAsset.keySet())).containsExactly("ADA", "AVAX", "BTC", "DOGE", "DOT", "ETH",
                "LINK", "LTC", "SOL", "XLM", "XRP");
        assertThat(byAsset.get("BTC")).hasSize(7);
        for (String asset : List.of("ADA", "AVAX", "BTC", "DOGE", "ETH", "LINK", "SOL", "XRP")) {
            JsonNode body = get(request().queryParam("source", "binance").queryParam("size", "1m"), asset);
            assertThat(body.get("asset").asText()).isEqualTo(asset);
            assertThat(body.get("source").asText()).isEqualTo("binance");
            assertThat(body.get("size").asText()).isEqualTo("1m");
            assertThat(windows(body)).as(asset)
                    .usingRecursiveComparison()
                    .isEqualTo(Fixtures.windows("binance", asset, "1m"));
        }
    }

    @Test
    void aWindowHasTheSpecsFieldsInTheSpecsOrderAndValues() throws Exception {
        JsonNode body = get(request().queryParam("from", T0).queryParam("limit", 1), "BTC");
        JsonNode window = body.get("windows").get(0);
        List<String> names = new ArrayList<>();
        window.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("windowStart", "windowEnd", "open", "high", "low", "close", "avgPrice",
                "vwap", "volumeBase", "volumeQuote", "tickCount", "tradeCount", "priceStddev", "pctChange", "final");
        // binance,BTC,1772323200000 of ticks-sample.expected-1m.csv
        assertThat(window.get("windowStart").asLong()).isEqualTo(1772323200000L);
        assertThat(window.get("windowEnd").asLong()).isEqualTo(1772323260000L);
        assertThat(window.get("open").doubleValue()).isEqualTo(68023.59669);
        assertThat(window.get("tickCount").isIntegralNumber()).isTrue();
        assertThat(window.get("final").isBoolean()).isTrue();
        assertThat(window.get("final").booleanValue()).isTrue();
    }

    @Test
    void vwapIsNullWithoutTrades() throws Exception {
        JsonNode body = get(request(), "PEPE");
        JsonNode window = body.get("windows").get(0);
        assertThat(window.has("vwap")).isTrue();
        assertThat(window.get("vwap").isNull()).isTrue();
        assertThat(window.get("tradeCount").asLong()).isZero();
        assertThat(window.get("close").doubleValue()).isEqualTo(0.0000122);
    }

    @Test
    void fromIsInclusiveAndToExclusiveOnWindowStartOldestFirst() throws Exception {
        JsonNode body = get(request().queryParam("from", T0 + MINUTE).queryParam("to", T0 + 3 * MINUTE), "BTC");
        assertThat(starts(body)).containsExactly(T0 + MINUTE, T0 + 2 * MINUTE);
        assertThat(windows(body)).usingRecursiveComparison().isEqualTo(List.of(
                Fixtures.row("binance", "BTC", "1m", T0 + MINUTE).window(),
                Fixtures.row("binance", "BTC", "1m", T0 + 2 * MINUTE).window()));
    }

    @Test
    void isoDateTimesWithOrWithoutOffsetAndDatesMeanTheSameInstantsAsEpochMilliseconds() throws Exception {
        List<Long> expected = List.of(T0 + MINUTE, T0 + 2 * MINUTE);
        assertThat(starts(get(request().queryParam("from", "2026-03-01T00:01:00Z")
                .queryParam("to", "2026-03-01T00:03:00Z"), "BTC"))).isEqualTo(expected);
        assertThat(starts(get(request().queryParam("from", "2026-03-01T01:01:00+01:00")
                .queryParam("to", "2026-02-28T19:03:00-05:00"), "BTC"))).isEqualTo(expected);
        assertThat(starts(get(request().queryParam("from", "2026-03-01T00:01:00.000")
                .queryParam("to", "1772323380000"), "BTC"))).isEqualTo(expected);
        assertThat(starts(get(request().queryParam("from", "2026-03-01")
                .queryParam("to", "2026-03-01T00:02:00Z"), "BTC"))).containsExactly(T0, T0 + MINUTE);
    }

    @Test
    void limitWithFromTakesTheFirstWindowsOfTheRange() throws Exception {
        JsonNode body = get(request().queryParam("from", T0 + MINUTE).queryParam("limit", 2), "BTC");
        assertThat(starts(body)).containsExactly(T0 + MINUTE, T0 + 2 * MINUTE);
    }

    @Test
    void limitWithoutFromTakesTheLatestWindowsStillOldestFirst() throws Exception {
        assertThat(starts(get(request().queryParam("limit", 3), "BTC")))
                .containsExactly(T0 + 4 * MINUTE, T0 + 5 * MINUTE, T0 + 6 * MINUTE);
        assertThat(starts(get(request().queryParam("limit", 2).queryParam("to", T0 + 4 * MINUTE), "BTC")))
                .containsExactly(T0 + 2 * MINUTE, T0 + 3 * MINUTE);
    }

    @Test
    void withoutLimitEveryWindowUpToTheDefaultIsServed() throws Exception {
        assertThat(starts(get(request(), "BTC"))).hasSize(7).isSorted().startsWith(T0).endsWith(T0 + 6 * MINUTE);
    }

    @Test
    void aRangeWithoutWindowsIsAnEmptySeries() throws Exception {
        JsonNode body = get(request().queryParam("from", T0 + 60 * MINUTE).queryParam("to", T0 + 61 * MINUTE), "BTC");
        assertThat(body.get("windows").isArray()).isTrue();
        assertThat(body.get("windows")).isEmpty();
        assertThat(body.get("source").asText()).isEqualTo("binance");
    }

    @Test
    void theOnlySourceWithDataIsServedWhenNoneIsNamed() throws Exception {
        JsonNode pepe = get(request(), "PEPE");
        assertThat(pepe.get("source").asText()).isEqualTo("coincap");
        assertThat(windows(pepe)).usingRecursiveComparison().isEqualTo(Fixtures.windows("coincap", "PEPE", "1m"));
        assertThat(get(request(), "BTC").get("source").asText()).isEqualTo("binance");
    }

    @Test
    void aNamedSourceIsServedAmongSeveral() throws Exception {
        JsonNode coincap = get(request().queryParam("source", "coincap"), "ETH");
        assertThat(coincap.get("source").asText()).isEqualTo("coincap");
        assertThat(windows(coincap)).usingRecursiveComparison().isEqualTo(Fixtures.windows("coincap", "ETH", "1m"));
        JsonNode binance = get(request().queryParam("source", "binance"), "ETH");
        assertThat(windows(binance)).usingRecursiveComparison().isEqualTo(Fixtures.windows("binance", "ETH", "1m"));
    }

    @Test
    void everyConfiguredSizeIsServedAndOneMinuteIsTheDefault() throws Exception {
        JsonNode fiveMinutes = get(request().queryParam("size", "5m"), "BTC");
        assertThat(fiveMinutes.get("size").asText()).isEqualTo("5m");
        assertThat(windows(fiveMinutes)).usingRecursiveComparison()
                .isEqualTo(Fixtures.windows("binance", "BTC", "5m"));
        assertThat(fiveMinutes.get("windows").get(0).get("windowEnd").asLong()).isEqualTo(T0 + 5 * MINUTE);
        assertThat(get(request(), "BTC").get("size").asText()).isEqualTo("1m");
    }

    @Test
    void assetSymbolsAreCaseInsensitive() throws Exception {
        JsonNode body = get(request().queryParam("limit", 1), "btc");
        assertThat(body.get("asset").asText()).isEqualTo("BTC");
        assertThat(starts(body)).containsExactly(T0 + 6 * MINUTE);
    }

    static RequestSpecification request() {
        return given().accept("application/json");
    }

    static JsonNode get(RequestSpecification request, String asset) throws Exception {
        String body = request.when().get("/api/v1/assets/{asset}/windows", asset)
                .then().statusCode(200).contentType("application/json")
                .extract().asString();
        return JSON.readTree(body);
    }

    static List<WindowMetrics> windows(JsonNode body) throws Exception {
        List<WindowMetrics> windows = new ArrayList<>();
        for (Iterator<JsonNode> it = body.get("windows").elements(); it.hasNext(); ) {
            windows.add(JSON.treeToValue(it.next(), WindowMetrics.class));
        }
        return windows;
    }

    static List<Long> starts(JsonNode body) {
        List<Long> starts = new ArrayList<>();
        body.get("windows").forEach(w -> starts.add(w.get("windowStart").asLong()));
        return starts;
    }
}
