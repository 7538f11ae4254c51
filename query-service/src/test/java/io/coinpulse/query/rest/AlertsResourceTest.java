package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coinpulse.query.store.Alert;
import io.coinpulse.query.testing.AnalyticsFixtures;
import io.coinpulse.query.testing.KnownAnalyticsTest;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/v1/alerts on a real MariaDB holding five alerts. */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class AlertsResourceTest extends KnownAnalyticsTest {

    private static final List<Alert> ALERTS = AnalyticsFixtures.ALERTS;

    @Test
    void everyAlertNewestFirstTiesByIdWithEveryField() throws Exception {
        JsonNode body = alerts("");
        assertThat(body.get("since").isNull()).isTrue();
        // SOL and ADA were detected at the same instant: ordered by id
        assertThat(list(body)).containsExactly(ALERTS.get(4), ALERTS.get(3), ALERTS.get(2), ALERTS.get(1),
                ALERTS.get(0));
        List<String> fields = new ArrayList<>();
        body.get("alerts").get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("alertId", "source", "asset", "windowStart", "kind", "value", "zscore",
                "threshold", "detectedAt", "message");
    }

    @Test
    void sinceIsInclusiveOnDetectedAtAsEpochMillisecondsOrIso8601() throws Exception {
        long since = T0 + 4 * MINUTE + 500;
        JsonNode epoch = alerts("?since=" + since);
        assertThat(epoch.get("since").asLong()).isEqualTo(since);
        assertThat(list(epoch)).containsExactly(ALERTS.get(4), ALERTS.get(3), ALERTS.get(2));
        assertThat(list(alerts("?since=2026-03-01T00:04:00.500Z"))).isEqualTo(list(epoch));
        assertThat(list(alerts("?since=" + (since + 1)))).containsExactly(ALERTS.get(4), ALERTS.get(3));
        assertThat(list(alerts("?since=2026-03-02"))).isEmpty();
    }

    @Test
    void assetKindAndLimitNarrowTheList() throws Exception {
        assertThat(list(alerts("?asset=btc"))).containsExactly(ALERTS.get(2), ALERTS.get(0));
        assertThat(list(alerts("?kind=volume_spike"))).containsExactly(ALERTS.get(2), ALERTS.get(1));
        assertThat(list(alerts("?asset=BTC&kind=price_move"))).containsExactly(ALERTS.get(0));
        assertThat(list(alerts("?limit=2"))).containsExactly(ALERTS.get(4), ALERTS.get(3));
        assertThat(list(alerts("?asset=DOGE"))).as("an asset with data and no alerts").isEmpty();
    }

    private static JsonNode alerts(String query) throws Exception {
        return JSON.readTree(given().get("/api/v1/alerts" + query).then().statusCode(200)
                .contentType("application/json").extract().asString());
    }

    private static List<Alert> list(JsonNode body) throws Exception {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode a : body.get("alerts")) {
            alerts.add(JSON.treeToValue(a, Alert.class));
        }
        return alerts;
    }
}
