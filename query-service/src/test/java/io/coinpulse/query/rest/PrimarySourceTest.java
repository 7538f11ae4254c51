package io.coinpulse.query.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.testing.Fixtures;
import io.coinpulse.query.testing.KnownRows;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Source resolution with {@code coinpulse.primary-source=coincap}. */
@QuarkusTest
@TestProfile(PrimarySourceTest.CoincapPrimary.class)
@WithTestResource(MariaDbResource.class)
class PrimarySourceTest {

    public static class CoincapPrimary implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("coinpulse.primary-source", "coincap");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KnownRows rows;

    @BeforeEach
    void loadKnownRows() {
        rows.load();
    }

    @Test
    void thePrimarySourceIsServedAmongSeveral() throws Exception {
        JsonNode eth = WindowsResourceTest.get(WindowsResourceTest.request(), "ETH");
        assertThat(eth.get("source").asText()).isEqualTo("coincap");
        assertThat(WindowsResourceTest.windows(eth)).usingRecursiveComparison()
                .isEqualTo(Fixtures.windows("coincap", "ETH", "1m"));
    }

    @Test
    void theOnlySourceIsServedWhenThePrimaryHasNoDataForTheAsset() throws Exception {
        JsonNode btc = WindowsResourceTest.get(WindowsResourceTest.request(), "BTC");
        assertThat(btc.get("source").asText()).isEqualTo("binance");
        assertThat(WindowsResourceTest.windows(btc)).usingRecursiveComparison()
                .isEqualTo(Fixtures.windows("binance", "BTC", "1m"));
    }

    @Test
    void aNamedSourceStillWinsOverThePrimary() throws Exception {
        JsonNode eth = WindowsResourceTest.get(WindowsResourceTest.request().queryParam("source", "binance"), "ETH");
        assertThat(eth.get("source").asText()).isEqualTo("binance");
    }

    @Test
    void theListingPricesFromThePrimaryWhereItHasData() throws Exception {
        JsonNode page = JSON.readTree(given().when().get("/api/v1/assets")
                .then().statusCode(200).extract().asString());
        for (JsonNode a : page.get("assets")) {
            String asset = a.get("asset").asText();
            String expected = switch (asset) {
                case "DOT", "ETH", "PEPE" -> "coincap";
                default -> "binance";
            };
            assertThat(a.get("source").asText()).as(asset).isEqualTo(expected);
            assertThat(a.get("price").doubleValue()).as(asset)
                    .isEqualTo(Fixtures.latest(expected, asset, "1m").window().close());
        }
        assertThat(page.get("assets")).hasSize(12);
    }

    @Test
    void theDetailIsShownFromThePrimary() throws Exception {
        JsonNode eth = JSON.readTree(given().when().get("/api/v1/assets/ETH")
                .then().statusCode(200).extract().asString());
        assertThat(eth.get("source").asText()).isEqualTo("coincap");
        assertThat(eth.get("latest").get("1m").get("close").doubleValue()).isEqualTo(3502.25);
    }
}
