package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.query.service.FinalSeries;
import io.coinpulse.query.service.HotReads;
import io.coinpulse.query.testing.Fixtures;
import io.coinpulse.query.testing.KnownRows;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caches of the window series path (issue 7): source resolution per asset, which must see a new
 * source as soon as the live stream announces it, and the rendered series of closed ranges of final
 * windows, which must never serve a series that can still change. The database is changed behind the
 * service's back to tell a cached answer from a fresh one.
 */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class WindowCachesTest {

    private static final String BTC = "/api/v1/assets/BTC/windows";

    /** BTC's first window in the dataset. */
    private static final double FIRST_CLOSE = Fixtures.row("binance", "BTC", "1m", T0).window().close();

    @Inject
    KnownRows rows;

    @Inject
    HotReads hotReads;

    @Inject
    FinalSeries finalSeries;

    @BeforeEach
    void loadKnownRows() {
        rows.load();
    }

    @Test
    void aNewSourceIsSeenAsSoonAsItsFirstWindowUpdateArrives() throws Exception {
        given().get(BTC).then().statusCode(200).body("source", org.hamcrest.Matchers.equalTo("binance"));
        execute("INSERT INTO window_metrics (source, asset, window_size, window_start, window_end, open, high, low,"
                + " close, avg_price, tick_count, trade_count, volume_base, volume_quote, vwap, price_stddev,"
                + " pct_change, is_final) SELECT 'kraken', asset, window_size, window_start, window_end, open, high,"
                + " low, close, avg_price, tick_count, trade_count, volume_base, volume_quote, vwap, price_stddev,"
                + " pct_change, is_final FROM window_metrics WHERE source = 'binance' AND asset = 'BTC'");
        // the live stream's update of the new source's window: what LiveConsumer calls
        hotReads.windowUpdated("BTC", "1m");
        given().get(BTC).then().statusCode(400).body("title", org.hamcrest.Matchers.equalTo("Ambiguous source"))
                .body("sources", org.hamcrest.Matchers.contains("binance", "kraken"));
        given().queryParam("source", "kraken").get(BTC).then().statusCode(200)
                .body("source", org.hamcrest.Matchers.equalTo("kraken"));
    }

    @Test
    void anUnknownAssetThatGetsDataIsFoundAfterItsFirstWindowUpdate() throws Exception {
        given().get("/api/v1/assets/NEW1/windows").then().statusCode(404);
        execute("INSERT INTO window_metrics (source, asset, window_size, window_start, window_end, open, high, low,"
                + " close, avg_price, tick_count, trade_count, volume_base, volume_quote, vwap, price_stddev,"
                + " pct_change, is_final) VALUES ('binance', 'NEW1', '1m', " + T0 + ", " + (T0 + MINUTE)
                + ", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, TRUE)");
        hotReads.windowUpdated("NEW1", "1m");
        given().get("/api/v1/assets/NEW1/windows").then().statusCode(200).body("windows.size()",
                org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void aClosedRangeOfFinalWindowsIsRenderedOnceAndServedFromTheCache() throws Exception {
        // T0 .. T0+5m are final in the fixtures
        assertThat(firstClose(given().queryParam("from", T0).queryParam("to", T0 + 6 * MINUTE).get(BTC).asString()))
                .isEqualTo(FIRST_CLOSE);
        assertThat(finalSeries.size()).isEqualTo(1);
        long bytes = finalSeries.weightedBytes();
        assertThat(bytes).isGreaterThan(1000);
        execute("UPDATE window_metrics SET close = 1 WHERE source = 'binance' AND asset = 'BTC' AND window_size = '1m'"
                + " AND window_start = " + T0);
        // the same request: the cached rendering (a final window never changes in production)
        String again = given().queryParam("from", T0).queryParam("to", T0 + 6 * MINUTE).get(BTC).then()
                .statusCode(200).header("Cache-Control", "max-age=3600").extract().asString();
        assertThat(firstClose(again)).isEqualTo(FIRST_CLOSE);
        // the same through source resolution or naming the source: one entry
        assertThat(firstClose(given().queryParam("source", "binance").queryParam("from", T0)
                .queryParam("to", T0 + 6 * MINUTE).get(BTC).asString())).isEqualTo(FIRST_CLOSE);
        assertThat(finalSeries.size()).isEqualTo(1);
        // any other bound or limit is another series, read fresh
        assertThat(firstClose(given().queryParam("from", T0).queryParam("to", T0 + 5 * MINUTE).get(BTC).asString()))
                .isEqualTo(1.0);
        assertThat(firstClose(given().queryParam("from", T0).queryParam("to", T0 + 6 * MINUTE).queryParam("limit", 3)
                .get(BTC).asString())).isEqualTo(1.0);
        assertThat(firstClose(given().queryParam("from", T0).queryParam("to", T0 + 6 * MINUTE)
                .queryParam("size", "5m").get(BTC).asString())).isEqualTo(68101.875);
    }

    @Test
    void aSeriesThatCanStillChangeIsNeverCached() throws Exception {
        // T0+6m is open; without to, the range is open; a range beyond the data may still get windows
        String[][] requests = {{"from", String.valueOf(T0), "to", String.valueOf(T0 + 7 * MINUTE)},
                {"from", String.valueOf(T0)}, {"to", String.valueOf(T0 + 7 * MINUTE), "limit", "6"},
                {"from", String.valueOf(T0), "to", String.valueOf(T0 + 60 * MINUTE), "limit", "100"}};
        double close = 1;
        for (String[] params : requests) {
            given().params(param(params)).get(BTC).then().statusCode(200);
            close++;
            execute("UPDATE window_metrics SET close = " + close + " WHERE source = 'binance' AND asset = 'BTC'");
            String fresh = given().params(param(params)).get(BTC).then().statusCode(200).extract().asString();
            assertThat(firstClose(fresh)).as(String.join(",", params)).isEqualTo(close);
        }
        assertThat(finalSeries.size()).isZero();
    }

    private static java.util.Map<String, String> param(String[] pairs) {
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The close of the first window of a series. */
    private static double firstClose(String body) throws Exception {
        JsonNode series = JSON.readTree(body);
        return series.get("windows").get(0).get("close").asDouble();
    }

    private void execute(String sql) throws Exception {
        try (Connection c = rows.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
