package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coinpulse.query.testing.KnownAnalyticsTest;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** GET /api/v1/assets/{asset}/indicators on a real MariaDB holding AnalyticsFixtures' indicator rows. */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class IndicatorsResourceTest extends KnownAnalyticsTest {

    @Test
    void servesEveryIndicatorOfEachWindowInTheRangeOldestFirst() throws Exception {
        JsonNode body = ok(given().queryParam("from", T0 + 4 * MINUTE).get("/api/v1/assets/btc/indicators"));
        assertThat(body).isEqualTo(JSON.readTree("""
                {"asset":"BTC","source":"binance","windows":[
                 {"windowStart":1772323440000,"values":{"ema_12":70400.0}},
                 {"windowStart":1772323500000,"values":{"sma_30":70111.0,"sma_5":70869.0,"volatility_30":0.0039}},
                 {"windowStart":1772323560000,"values":{"change_1m":0.13581,"change_5m":-0.5123,"ema_12":70500.25,
                   "sma_20":null,"sma_5":70917.95,"volatility_30":0.0041}}]}"""));
    }

    @Test
    void toIsExclusiveAndLimitKeepsTheOldest() throws Exception {
        JsonNode body = ok(given().queryParam("from", T0).queryParam("to", T0 + 6 * MINUTE).queryParam("limit", 1)
                .get("/api/v1/assets/BTC/indicators"));
        assertThat(body.get("windows")).hasSize(1);
        assertThat(body.at("/windows/0/windowStart").asLong()).isEqualTo(T0 + 4 * MINUTE);
        JsonNode two = ok(given().queryParam("from", T0).queryParam("to", T0 + 6 * MINUTE).get("/api/v1/assets/BTC/indicators"));
        assertThat(two.findValues("windowStart")).extracting(JsonNode::asLong).containsExactly(T0 + 4 * MINUTE, T0 + 5 * MINUTE);
    }

    @Test
    void theSourceIsResolvedAsForTheWindows() throws Exception {
        JsonNode coincap = ok(given().queryParam("source", "coincap").get("/api/v1/assets/ETH/indicators"));
        assertThat(coincap).isEqualTo(JSON.readTree("""
                {"asset":"ETH","source":"coincap","windows":[{"windowStart":1772323260000,"values":{"sma_5":3501.0}}]}"""));
        JsonNode ambiguous = problem(given().get("/api/v1/assets/ETH/indicators"), 400);
        assertThat(ambiguous.get("title").asText()).isEqualTo("Ambiguous source");
        assertThat(ambiguous.get("detail").asText()).isEqualTo("Several sources have data for ETH: binance, coincap; choose one with ?source=");
    }

    @Test
    void badRequestsAreProblems() throws Exception {
        JsonNode unknown = problem(given().get("/api/v1/assets/NOPE/indicators"), 404);
        assertThat(unknown.get("detail").asText()).isEqualTo("No window metrics exist for asset 'NOPE'");
        JsonNode range = problem(given().queryParam("from", T0 + MINUTE).queryParam("to", T0).get("/api/v1/assets/BTC/indicators"), 400);
        assertThat(range.get("title").asText()).isEqualTo("Invalid time range");
        assertThat(range.get("detail").asText()).isEqualTo(
                "from (2026-03-01T00:01:00Z) must be before to (2026-03-01T00:00:00Z): from is inclusive, to exclusive");
        JsonNode limit = problem(given().queryParam("limit", "0").get("/api/v1/assets/BTC/indicators"), 400);
        assertThat(limit.get("parameter").asText()).isEqualTo("limit");
        JsonNode date = problem(given().queryParam("from", "yesterday").get("/api/v1/assets/BTC/indicators"), 400);
        assertThat(date.get("parameter").asText()).isEqualTo("from");
    }

    private static JsonNode ok(Response response) throws Exception {
        response.then().statusCode(200).contentType("application/json");
        return JSON.readTree(response.asString());
    }

    private static JsonNode problem(Response response, int status) throws Exception {
        response.then().statusCode(status).contentType("application/problem+json");
        JsonNode body = JSON.readTree(response.asString());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        return body;
    }
}
