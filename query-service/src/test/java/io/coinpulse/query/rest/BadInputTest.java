package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.testing.KnownRows;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input gets a 4xx RFC 9457 problem that says what is wrong; never a 5xx. */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KnownRows rows;

    @BeforeEach
    void loadKnownRows() {
        rows.load();
    }

    @Test
    void anUnknownAssetIs404() throws Exception {
        JsonNode windows = problem(given().get("/api/v1/assets/NOPE/windows"), 404, "Unknown asset",
                "No window metrics exist for asset 'NOPE'");
        assertThat(windows.get("type").asText()).isEqualTo("urn:coinpulse:problem:unknown-asset");
        assertThat(windows.get("instance").asText()).isEqualTo("/api/v1/assets/NOPE/windows");
        problem(given().get("/api/v1/assets/nope"), 404, "Unknown asset", "No window metrics exist for asset 'NOPE'");
    }

    @Test
    void aSourceWithoutDataForTheAssetIs404AndListsTheSourcesThatHave() throws Exception {
        JsonNode body = problem(given().queryParam("source", "kraken").get("/api/v1/assets/ETH/windows"), 404,
                "Unknown source", "Source 'kraken' has no data for ETH; sources with data: binance, coincap");
        assertThat(body.get("sources")).extracting(JsonNode::asText).containsExactly("binance", "coincap");
    }

    @Test
    void anUnconfiguredSizeIs400() throws Exception {
        JsonNode body = problem(given().queryParam("size", "2m").get("/api/v1/assets/BTC/windows"), 400,
                "Invalid parameter", "size must be one of the configured window sizes 1m, 5m; got '2m'");
        assertThat(body.get("type").asText()).isEqualTo("urn:coinpulse:problem:invalid-parameter");
        assertThat(body.get("parameter").asText()).isEqualTo("size");
        assertThat(body.get("value").asText()).isEqualTo("2m");
        problem(given().queryParam("size", "1h").get("/api/v1/assets/BTC/windows"), 400, "Invalid parameter",
                "size must be one of the configured window sizes 1m, 5m; got '1h'");
    }

    @Test
    void anInvertedOrEmptyRangeIs400() throws Exception {
        JsonNode inverted = problem(given().queryParam("from", T0 + 2 * MINUTE).queryParam("to", T0 + MINUTE)
                        .get("/api/v1/assets/BTC/windows"), 400, "Invalid time range",
                "from (2026-03-01T00:02:00Z) must be before to (2026-03-01T00:01:00Z): from is inclusive, to exclusive");
        assertThat(inverted.get("type").asText()).isEqualTo("urn:coinpulse:problem:invalid-range");
        problem(given().queryParam("from", "2026-03-01T00:01:00Z").queryParam("to", T0 + MINUTE)
                        .get("/api/v1/assets/BTC/windows"), 400, "Invalid time range",
                "from (2026-03-01T00:01:00Z) must be before to (2026-03-01T00:01:00Z): from is inclusive, to exclusive");
    }

    @Test
    void aRangeWiderThanTheMaximumIs400() throws Exception {
        problem(given().queryParam("from", "2025-01-01T00:00:00Z").queryParam("to", "2026-03-01T00:00:00Z")
                        .get("/api/v1/assets/BTC/windows"), 400, "Invalid time range",
                "from 2025-01-01T00:00:00Z to 2026-03-01T00:00:00Z spans more than the maximum range of 366 days"
                        + " (coinpulse.api.windows.max-range); narrow it, or leave out to and page with from and limit");
    }

    @ParameterizedTest(name = "limit={0}")
    @CsvSource(delimiter = '|', value = {
            "0|limit must be between 1 and 10000; got 0",
            "-1|limit must be between 1 and 10000; got -1",
            "10001|limit must be between 1 and 10000; got 10001",
            "99999999999999999999|limit must be an integer between 1 and 10000; got '99999999999999999999'",
            "abc|limit must be an integer between 1 and 10000; got 'abc'",
            "1.5|limit must be an integer between 1 and 10000; got '1.5'"})
    void aBadLimitIs400(String limit, String detail) throws Exception {
        JsonNode body = problem(given().queryParam("limit", limit).get("/api/v1/assets/BTC/windows"), 400,
                "Invalid parameter", detail);
        assertThat(body.get("parameter").asText()).isEqualTo("limit");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "from|yesterday|from must be ISO-8601 (2026-03-01T00:00:00Z, 2026-03-01T01:00:00+01:00, 2026-03-01) or"
                    + " epoch milliseconds (1772323200000); got 'yesterday'",
            "to|2026-13-01|to must be ISO-8601 (2026-03-01T00:00:00Z, 2026-03-01T01:00:00+01:00, 2026-03-01) or"
                    + " epoch milliseconds (1772323200000); got '2026-13-01'",
            "from|2026-03-01T25:00:00Z|from must be ISO-8601 (2026-03-01T00:00:00Z, 2026-03-01T01:00:00+01:00,"
                    + " 2026-03-01) or epoch milliseconds (1772323200000); got '2026-03-01T25:00:00Z'",
            "from|-1000|from must be ISO-8601 (2026-03-01T00:00:00Z, 2026-03-01T01:00:00+01:00, 2026-03-01) or"
                    + " epoch milliseconds (1772323200000); got '-1000'",
            "to|99999999999999999999|to must lie between 1970-01-01T00:00:00Z (0) and 9999-12-31T23:59:59.999Z"
                    + " (253402300799999); got '99999999999999999999'",
            "from|1969-12-31T23:59:59Z|from must lie between 1970-01-01T00:00:00Z (0) and 9999-12-31T23:59:59.999Z"
                    + " (253402300799999); got '1969-12-31T23:59:59Z'"})
    void anUnparseableOrOutOfBoundsDateIs400(String parameter, String value, String detail) throws Exception {
        JsonNode body = problem(given().queryParam(parameter, value).get("/api/v1/assets/BTC/windows"), 400,
                "Invalid parameter", detail);
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        assertThat(body.get("value").asText()).isEqualTo(value);
    }

    @Test
    void severalSourcesWithoutAChoiceIs400ListingThem() throws Exception {
        JsonNode body = problem(given().get("/api/v1/assets/ETH/windows"), 400, "Ambiguous source",
                "Several sources have data for ETH: binance, coincap; choose one with ?source=");
        assertThat(body.get("type").asText()).isEqualTo("urn:coinpulse:problem:ambiguous-source");
        assertThat(body.get("sources")).extracting(JsonNode::asText).containsExactly("binance", "coincap");
        problem(given().get("/api/v1/assets/ETH"), 400, "Ambiguous source",
                "Several sources have data for ETH: binance, coincap; choose one with ?source=");
    }

    @Test
    void aMalformedAssetOrSourceIs400() throws Exception {
        problem(given().get("/api/v1/assets/BT-C/windows"), 400, "Invalid parameter",
                "asset must be a symbol of 1 to 20 letters or digits, like BTC; got 'BT-C'");
        problem(given().queryParam("source", "bin ance").get("/api/v1/assets/BTC/windows"), 400, "Invalid parameter",
                "source must be a source name of 1 to 32 letters, digits, '.', '_' or '-', like binance;"
                        + " got 'bin ance'");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "page|-1|page must be between 0 and 1000000 (pages count from 0); got -1",
            "page|first|page must be an integer between 0 and 1000000 (pages count from 0); got 'first'",
            "limit|0|limit must be between 1 and 1000; got 0",
            "limit|1001|limit must be between 1 and 1000; got 1001",
            "limit|ten|limit must be an integer between 1 and 1000; got 'ten'"})
    void aBadPageOfTheListingIs400(String parameter, String value, String detail) throws Exception {
        JsonNode body = problem(given().queryParam(parameter, value).get("/api/v1/assets"), 400, "Invalid parameter",
                detail);
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
    }

    @ParameterizedTest(name = "movers {0}={1}")
    @CsvSource(delimiter = '|', value = {
            "period|1m|period must be one of 5m; got '1m'",
            "period|15m|period must be one of 5m; got '15m'",
            "limit|0|limit must be between 1 and 50; got 0",
            "limit|51|limit must be between 1 and 50; got 51",
            "limit|five|limit must be an integer between 1 and 50; got 'five'"})
    void aBadMoversRequestIs400(String parameter, String value, String detail) throws Exception {
        JsonNode body = problem(given().queryParam(parameter, value).get("/api/v1/movers"), 400, "Invalid parameter",
                detail);
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        assertThat(body.get("value").asText()).isEqualTo(value);
    }

    @ParameterizedTest(name = "alerts {0}={1}")
    @CsvSource(delimiter = '|', value = {
            "since|last week|since must be ISO-8601 (2026-03-01T00:00:00Z, 2026-03-01T01:00:00+01:00, 2026-03-01) or"
                    + " epoch milliseconds (1772323200000); got 'last week'",
            "since|99999999999999999|since must lie between 1970-01-01T00:00:00Z (0) and 9999-12-31T23:59:59.999Z"
                    + " (253402300799999); got '99999999999999999'",
            "kind|spike|kind must be one of price_move, volume_spike; got 'spike'",
            "asset|B*|asset must be a symbol of 1 to 20 letters or digits, like BTC; got 'B*'",
            "limit|1001|limit must be between 1 and 1000; got 1001",
            "limit|-5|limit must be between 1 and 1000; got -5"})
    void aBadAlertsRequestIs400(String parameter, String value, String detail) throws Exception {
        JsonNode body = problem(given().queryParam(parameter, value).get("/api/v1/alerts"), 400, "Invalid parameter",
                detail);
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void alertsOfAnAssetWithoutAnyDataIs404() throws Exception {
        JsonNode body = problem(given().queryParam("asset", "nope").get("/api/v1/alerts"), 404, "Unknown asset",
                "No window metrics exist for asset 'NOPE'");
        assertThat(body.get("type").asText()).isEqualTo("urn:coinpulse:problem:unknown-asset");
    }

    @ParameterizedTest(name = "stream {0}={1}")
    @CsvSource(delimiter = '|', value = {
            "assets|BTC,ET H|assets must be a comma-separated list of symbols of 1 to 20 letters or digits, like BTC,ETH;"
                    + " got 'ET H'",
            "assets|BTC,,ETH|assets must be a comma-separated list of symbols of 1 to 20 letters or digits, like BTC,ETH;"
                    + " got ''",
            "sizes|1m,2m|sizes must be a comma-separated list of 1m, 5m; got '2m'"})
    void aBadStreamFilterIs400BeforeTheStreamStarts(String parameter, String value, String detail) throws Exception {
        JsonNode body = problem(given().accept("text/event-stream").queryParam(parameter, value).get("/api/v1/stream"),
                400, "Invalid parameter", detail);
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void aStreamFilterOfTooManyAssetsIs400() throws Exception {
        String assets = java.util.stream.IntStream.rangeClosed(1, 201).mapToObj(i -> "A" + i)
                .collect(java.util.stream.Collectors.joining(","));
        problem(given().accept("text/event-stream").queryParam("assets", assets).get("/api/v1/stream"), 400,
                "Invalid parameter", "assets may name at most 200 assets; got 201");
    }

    @ParameterizedTest(name = "Last-Event-ID: {0}")
    @CsvSource(delimiter = ';', value = {
            "garbage;Last-Event-ID must be the id of an event of this stream, like m0:1041,m1:977,a0:12: 'garbage' is"
                    + " not <m|a><partition>:<offset>",
            "m0:1,m0:2;Last-Event-ID must be the id of an event of this stream, like m0:1041,m1:977,a0:12: names"
                    + " partition m0 twice",
            "m0:-1;Last-Event-ID must be the id of an event of this stream, like m0:1041,m1:977,a0:12: 'm0:-1' is"
                    + " not <m|a><partition>:<offset>"})
    void aLastEventIdThisStreamNeverSentIs400(String id, String detail) throws Exception {
        JsonNode body = problem(given().accept("text/event-stream").header("Last-Event-ID", id).get("/api/v1/stream"),
                400, "Invalid parameter", detail);
        assertThat(body.get("parameter").asText()).isEqualTo("Last-Event-ID");
    }

    @Test
    void anUnknownPathIsAProblemToo() throws Exception {
        problemHeaders(given().get("/api/v1/nothing-here"), 404);
    }

    @Test
    void longValuesAreCutShortInTheProblem() throws Exception {
        String value = "x".repeat(500);
        JsonNode body = problem(given().queryParam("from", value).get("/api/v1/assets/BTC/windows"), 400,
                "Invalid parameter", "from must be ISO-8601 (2026-03-01T00:00:00Z, 2026-03-01T01:00:00+01:00,"
                        + " 2026-03-01) or epoch milliseconds (1772323200000); got '" + "x".repeat(64) + "…'");
        assertThat(body.get("value").asText()).hasSize(65);
    }

    private static JsonNode problem(Response response, int status, String title, String detail) throws Exception {
        JsonNode body = problemHeaders(response, status);
        assertThat(body.get("title").asText()).isEqualTo(title);
        assertThat(body.get("detail").asText()).isEqualTo(detail);
        return body;
    }

    private static JsonNode problemHeaders(Response response, int status) throws Exception {
        response.then().statusCode(status).contentType("application/problem+json");
        String text = response.asString();
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode body = JSON.readTree(text);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.has("title")).isTrue();
        return body;
    }
}
