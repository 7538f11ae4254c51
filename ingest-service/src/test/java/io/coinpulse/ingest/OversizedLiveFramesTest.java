package io.coinpulse.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.coinpulse.ingest.LiveChecks.await;
import static io.coinpulse.ingest.LiveChecks.awaitReady;
import static io.coinpulse.ingest.LiveChecks.awaitRecords;
import static io.coinpulse.ingest.TopicReader.metrics;
import static io.coinpulse.ingest.TopicReader.value;
import static io.coinpulse.ingest.Management.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.coinpulse.ingest.fake.FakeExchanges;
import io.coinpulse.ingest.fake.FakeExchangesResource;
import io.coinpulse.ingest.fake.FakeWebSockets;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames and bodies over {@code coinpulse.ingest.max-frame-bytes} (64 KiB here) on the live paths, against the fake
 * exchanges and a real broker: a WebSocket message the client refuses unread (close 1009), a REST body read no
 * further than the limit; each one DLQ record with reason {@code oversized}, counted, and the connector goes on.
 * And the HTTP server takes no body over its small limit (413).
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.sources", value = "binance,coingecko"),
        @ResourceArg(name = "coinpulse.ingest.binance.mini-ticker", value = "false"),
        @ResourceArg(name = "coinpulse.ingest.max-frame-bytes", value = "65536") })
@WithTestResource(value = FakeExchangesResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.coingecko.requests-per-minute", value = "600") })
class OversizedLiveFramesTest {

    private static final int LIMIT = 65536;

    FakeExchanges fakes;

    @Test
    void anOversizedWebSocketMessageIsOnTheDlqAndTheStreamGoesOn() {
        awaitReady(List.of("binance"));
        long reconnects = value(metrics(), "coinpulse_ingest_reconnects_total{source=\"binance\"}");
        FakeWebSockets.Connection first = fakes.binance().open().get(0);
        first.send(trade(1));
        awaitRecords("crypto.ticks", ticks -> ids(ticks).contains("binance:BTCUSDT:1"));

        first.send("{\"stream\":\"btcusdt@trade\",\"data\":\"" + "x".repeat(LIMIT) + "\"}");
        await("the client closes the connection", () -> !first.open());
        await("a new connection", () -> fakes.binance().open().stream().anyMatch(c -> c != first));
        awaitReady(List.of("binance"));
        fakes.binance().sendAll(trade(2));
        fakes.binance().sendAll(trade(3));

        List<JsonNode> ticks = awaitRecords("crypto.ticks", t -> ids(t).contains("binance:BTCUSDT:3"));
        assertThat(ids(ticks)).containsExactly("binance:BTCUSDT:1", "binance:BTCUSDT:2", "binance:BTCUSDT:3");
        List<JsonNode> dlq = awaitRecords("crypto.ticks.dlq", d -> oversized(d, "binance").size() == 1);
        JsonNode dead = oversized(dlq, "binance").get(0);
        assertThat(dead.get("payload").textValue()).isEmpty();
        assertThat(dead.get("detail").textValue()).isEqualTo("a WebSocket message from ws://127.0.0.1:"
                + fakes.ws().port() + "/binance/stream (2 streams: btcusdt@trade, ethusdt@trade) longer than coinpulse.ingest.max-frame-bytes=65536"
                + " was refused unread (Max frame length of 65536 has been exceeded.); the connection is replaced");

        String metrics = metrics();
        assertThat(value(metrics, "coinpulse_ingest_ticks_rejected_total{reason=\"oversized\",source=\"binance\"}"))
                .isEqualTo(1);
        assertThat(value(metrics, "coinpulse_ingest_ticks_published_total{source=\"binance\"}")).isEqualTo(3);
        assertThat(value(metrics, "coinpulse_ingest_reconnects_total{source=\"binance\"}") - reconnects).isEqualTo(1);
    }

    /** WireMock sends a body this large chunked: no Content-Length, so the read itself stops at the limit. */
    @Test
    void anOversizedRestBodyIsReadNoFurtherThanTheLimit() {
        awaitReady(List.of("coingecko"));
        String huge = "[" + ("{\"id\":\"bitcoin\",\"pad\":\"" + "y".repeat(1000) + "\"},").repeat(4000) + "{}]";
        fakes.http().stubFor(get(urlPathEqualTo("/api/v3/coins/markets")).atPriority(1).inScenario("huge")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
                .withHeader("x-cg-demo-api-key", equalTo(FakeExchanges.COINGECKO_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(huge)));

        List<JsonNode> dlq = awaitRecords("crypto.ticks.dlq", d -> oversized(d, "coingecko").size() == 1);
        JsonNode dead = oversized(dlq, "coingecko").get(0);
        assertThat(dead.get("payload").textValue()).isEqualTo(huge.substring(0, 256));
        assertThat(dead.get("detail").textValue()).isEqualTo("the response to GET /coins/markets page 1 is longer than "
                + "coinpulse.ingest.max-frame-bytes=65536; "
                + "not read further, the payload is its first 256 characters");
        long published = value(metrics(), "coinpulse_ingest_ticks_published_total{source=\"coingecko\"}");
        await("the next poll publishes again", () -> value(metrics(),
                "coinpulse_ingest_ticks_published_total{source=\"coingecko\"}") > published);
        assertThat(value(metrics(), "coinpulse_ingest_ticks_rejected_total{reason=\"oversized\",source=\"coingecko\"}"))
                .isEqualTo(1);
    }

    @Test
    void theHttpServerRefusesRequestBodies() {
        given().body("z".repeat(2048)).when().post("/q/health").then().statusCode(413);
    }

    private static List<String> ids(List<JsonNode> ticks) {
        return ticks.stream().filter(t -> t.get("source").textValue().equals("binance")).map(t -> t.get("id").textValue())
                .toList();
    }

    private static List<JsonNode> oversized(List<JsonNode> dlq, String source) {
        return dlq.stream().filter(d -> d.get("reason").textValue().equals("oversized")
                && source.equals(d.get("source").textValue())).toList();
    }

    private static String trade(long id) {
        return "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1772323200001,\"s\":\"BTCUSDT\",\"t\":" + id
                + ",\"p\":\"70000.5\",\"q\":\"0.50000000\",\"T\":1772323200000,\"m\":false,\"M\":true}}";
    }
}
