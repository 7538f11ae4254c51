package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import io.coinpulse.query.testing.ApiKeysProfile;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code coinpulse.api.keys} set: every /api request needs X-API-Key; health, metrics and the dashboard stay open. */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
@WithTestResource(MariaDbResource.class)
class ApiKeyTest {

    static final String KEY_A = ApiKeysProfile.KEY_A;
    static final String KEY_B = ApiKeysProfile.KEY_B;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/v1/assets", "/api/v1/assets/BTC", "/api/v1/assets/BTC/windows", "/api/v1/movers",
            "/api/v1/alerts", "/api/v1/stream", "/api/v1/no-such-thing"})
    void withoutAKeyEveryApiRequestIs401(String path) {
        Response response = given().get(path);
        response.then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:coinpulse:problem:unauthorized");
        assertThat(response.jsonPath().getString("title")).isEqualTo("Unauthorized");
        assertThat(response.jsonPath().getString("detail"))
                .isEqualTo("This API needs a key: send it in the X-API-Key header");
    }

    @Test
    void aWrongKeyIs401AndIsNotEchoed() {
        Response response = given().header("X-API-Key", "guess-" + KEY_A).get("/api/v1/assets");
        response.then().statusCode(401).contentType("application/problem+json");
        assertThat(response.jsonPath().getString("detail")).isEqualTo("The key in the X-API-Key header is not valid");
        assertThat(response.asString()).doesNotContain(KEY_A).doesNotContain("guess");
    }

    @Test
    void eitherConfiguredKeyOpensTheApiAndAnswersArePrivate() {
        given().header("X-API-Key", KEY_A).get("/api/v1/assets").then().statusCode(200)
                .header("Cache-Control", allOf(containsString("private"), containsString("max-age=5")));
        given().header("X-API-Key", KEY_B).get("/api/v1/movers").then().statusCode(200);
        // a valid key does not turn bad input into something else
        given().header("X-API-Key", KEY_B).get("/api/v1/assets/NOPE").then().statusCode(404);
    }

    @Test
    void healthMetricsOpenApiAndTheDashboardStayOpen() {
        management().get("/q/health/ready").then().statusCode(200);
        management().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/").then().statusCode(200).contentType("text/html");
        given().get("/dashboard/app.js").then().statusCode(200);
    }

    @Test
    void theKeysAreNeverLogged() throws Exception {
        given().header("X-API-Key", KEY_A).get("/api/v1/assets").then().statusCode(200);
        given().header("X-API-Key", "wrong").get("/api/v1/assets").then().statusCode(401);
        Path log = Path.of("target", "quarkus.log");
        assertThat(log).exists();
        assertThat(Files.readString(log)).contains("API keys required on /api: 2 configured")
                .doesNotContain(KEY_A).doesNotContain(KEY_B);
    }
}
