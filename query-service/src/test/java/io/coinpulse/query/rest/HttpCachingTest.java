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
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ETag, If-None-Match and Cache-Control; the service's own cache of the hot reads. */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class HttpCachingTest extends KnownAnalyticsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/assets", "/api/v1/assets/BTC", "/api/v1/movers", "/api/v1/alerts",
            "/api/v1/assets/BTC/windows"})
    void aHotReadHasAStrongEtagAndA304ForAClientThatHoldsIt(String path) {
        Response first = given().get(path);
        first.then().statusCode(200).header("Cache-Control", "max-age=5");
        String etag = first.header("ETag");
        // RestAssured accepts gzip: a body of 1 KiB or more comes gzipped, under its own tag (CompressionTest)
        assertThat(etag).matches("gzip".equals(first.header("Content-Encoding")) ? "\"[A-Za-z0-9_-]{27}-gzip\""
                : "\"[A-Za-z0-9_-]{27}\"");
        Response again = given().header("If-None-Match", etag).get(path);
        again.then().statusCode(304).header("ETag", etag).header("Cache-Control", "max-age=5");
        assertThat(again.asString()).isEmpty();
        given().header("If-None-Match", "\"something-else\"").get(path).then().statusCode(200).header("ETag", etag);
    }

    /** Found by ApiFuzzTest: a 412 used to come without a body, unlike every other 4xx of the API. */
    @Test
    void anIfMatchOfAnotherRepresentationIsA412ProblemAndTheCurrentOneIsServed() throws Exception {
        Response failed = given().header("If-Match", "\"something-else\"").get("/api/v1/assets/BTC");
        failed.then().statusCode(412).contentType("application/problem+json");
        JsonNode problem = JSON.readTree(failed.asString());
        assertThat(problem.get("type").asText()).isEqualTo("urn:coinpulse:problem:precondition-failed");
        assertThat(problem.get("title").asText()).isEqualTo("Precondition failed");
        assertThat(problem.get("status").asInt()).isEqualTo(412);
        String etag = given().get("/api/v1/assets/BTC").header("ETag");
        given().header("If-Match", etag).get("/api/v1/assets/BTC").then().statusCode(200).header("ETag", etag);
    }

    @Test
    void theEtagChangesWithTheContent() throws Exception {
        String before = given().get("/api/v1/alerts").header("ETag");
        execute("DELETE FROM alerts WHERE asset = 'SOL'");
        String after = given().get("/api/v1/alerts").then().statusCode(200).extract().header("ETag");
        assertThat(after).isNotEqualTo(before);
        given().header("If-None-Match", before).get("/api/v1/alerts").then().statusCode(200);
    }

    @Test
    void aClosedSeriesOfFinalWindowsMayBeCachedLongerThanAnOpenOne() {
        // T0 .. T0+5m are final in the fixtures, T0+6m is still open
        given().queryParam("from", T0).queryParam("to", T0 + 6 * MINUTE).get("/api/v1/assets/BTC/windows")
                .then().statusCode(200).header("Cache-Control", "max-age=3600");
        given().queryParam("from", T0).queryParam("to", T0 + 7 * MINUTE).get("/api/v1/assets/BTC/windows")
                .then().statusCode(200).header("Cache-Control", "max-age=5");
        given().queryParam("from", T0).get("/api/v1/assets/BTC/windows")
                .then().statusCode(200).header("Cache-Control", "max-age=5");
    }

    @Test
    void theListingTheDetailAndTheMoversAreServedFromTheCacheUntilInvalidated() throws Exception {
        assertThat(listedPrice("BTC")).isEqualTo(70886.15087);
        assertThat(latestClose("BTC")).isEqualTo(70886.15087);
        assertThat(topGainer()).isEqualTo("SOL");

        execute("UPDATE window_metrics SET close = 71000.5 WHERE source = 'binance' AND asset = 'BTC'"
                + " AND window_size = '1m' AND window_start = " + (T0 + 6 * MINUTE));
        execute("DELETE FROM movers WHERE asset = 'SOL'");
        assertThat(listedPrice("BTC")).isEqualTo(70886.15087);
        assertThat(latestClose("BTC")).isEqualTo(70886.15087);
        assertThat(topGainer()).isEqualTo("SOL");
        // the window series is not cached by the service
        assertThat(json("/api/v1/assets/BTC/windows").at("/windows/6/close").doubleValue()).isEqualTo(71000.5);

        rows().clearCaches();
        assertThat(listedPrice("BTC")).isEqualTo(71000.5);
        assertThat(latestClose("BTC")).isEqualTo(71000.5);
        assertThat(topGainer()).isEqualTo("BTC");
    }

    static double listedPrice(String asset) throws Exception {
        for (JsonNode a : json("/api/v1/assets").get("assets")) {
            if (a.get("asset").asText().equals(asset)) {
                return a.get("price").doubleValue();
            }
        }
        throw new AssertionError(asset + " not listed");
    }

    static double latestClose(String asset) throws Exception {
        return json("/api/v1/assets/" + asset).at("/latest/1m/close").doubleValue();
    }

    static String topGainer() throws Exception {
        return json("/api/v1/movers").at("/gainers/0/asset").asText();
    }

    static JsonNode json(String path) throws Exception {
        return JSON.readTree(given().get(path).then().statusCode(200).extract().asString());
    }

    private void execute(String sql) throws Exception {
        try (Connection c = rows().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
