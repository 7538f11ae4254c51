package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.AnalyticsFixtures.LATEST_AS_OF;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coinpulse.query.store.Mover;
import io.coinpulse.query.testing.AnalyticsFixtures;
import io.coinpulse.query.testing.KnownAnalyticsTest;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/v1/movers on a real MariaDB holding two 5m rankings and a 15m one. */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class MoversResourceTest extends KnownAnalyticsTest {

    @Test
    void servesTheLatestRankingOfTheDefaultPeriodWithFiveEachByDefault() throws Exception {
        JsonNode board = movers("");
        List<String> fields = new ArrayList<>();
        board.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("period", "asOf", "gainers", "losers");
        assertThat(board.get("period").asText()).isEqualTo("5m");
        assertThat(board.get("asOf").asLong()).isEqualTo(LATEST_AS_OF);
        assertThat(list(board.get("gainers"))).containsExactly(
                new Mover(1, "SOL", "binance", 2.5, 140.0, 143.5),
                new Mover(2, "BTC", "binance", 1.75, 69666.0, 70885.155),
                new Mover(3, "LINK", "binance", 0.5, 15.0, 15.075));
        assertThat(list(board.get("losers"))).containsExactly(
                new Mover(1, "XRP", "binance", -3.25, 0.6, 0.5805),
                new Mover(2, "AVAX", "binance", -1.5, 30.0, 29.55),
                new Mover(3, "ADA", "binance", -0.25, 0.68, 0.6783));
        List<String> moverFields = new ArrayList<>();
        board.get("gainers").get(0).fieldNames().forEachRemaining(moverFields::add);
        assertThat(moverFields).containsExactly("rank", "asset", "source", "pctChange", "openPrice", "closePrice");
    }

    @Test
    void limitCutsBothListsByRank() throws Exception {
        JsonNode board = movers("?period=5m&limit=2");
        assertThat(list(board.get("gainers"))).extracting(Mover::asset).containsExactly("SOL", "BTC");
        assertThat(list(board.get("losers"))).extracting(Mover::asset).containsExactly("XRP", "AVAX");
        assertThat(list(movers("?limit=1").get("losers"))).containsExactly(new Mover(1, "XRP", "binance", -3.25, 0.6,
                0.5805));
    }

    @Test
    void beforeTheFirstRankingAsOfIsNullAndTheListsAreEmpty() throws Exception {
        AnalyticsFixtures.clear(rows().dataSource());
        JsonNode board = movers("?period=5m");
        assertThat(board.get("period").asText()).isEqualTo("5m");
        assertThat(board.has("asOf")).isTrue();
        assertThat(board.get("asOf").isNull()).isTrue();
        assertThat(board.get("gainers")).isEmpty();
        assertThat(board.get("losers")).isEmpty();
    }

    private static JsonNode movers(String query) throws Exception {
        return JSON.readTree(given().get("/api/v1/movers" + query).then().statusCode(200)
                .contentType("application/json").extract().asString());
    }

    private static List<Mover> list(JsonNode array) throws Exception {
        List<Mover> movers = new ArrayList<>();
        for (JsonNode m : array) {
            movers.add(JSON.treeToValue(m, Mover.class));
        }
        return movers;
    }
}
