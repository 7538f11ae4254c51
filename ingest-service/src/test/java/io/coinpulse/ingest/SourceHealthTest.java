package io.coinpulse.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.coinpulse.ingest.LiveChecks.await;
import static io.coinpulse.ingest.LiveChecks.awaitCheck;
import static io.coinpulse.ingest.LiveChecks.awaitReady;
import static io.coinpulse.ingest.Management.given;
import static io.coinpulse.ingest.TopicReader.metrics;
import static io.coinpulse.ingest.TopicReader.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.ingest.fake.FakeExchanges;
import io.coinpulse.ingest.fake.FakeExchangesResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 22, item 5: readiness means "ingest can publish to Kafka". An exchange that rate limits (the CoinGecko
 * fake answering HTTP 429, the real error body) leaves ingest ready while its check in {@code /q/health/group/sources}
 * and its gauges say it is down and why; a stopped broker makes ingest NotReady until it is back.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.sources", value = "coingecko,binance") })
@WithTestResource(value = FakeExchangesResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.coingecko.requests-per-minute", value = "600") })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SourceHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGING = "SmallRye Reactive Messaging - readiness check";

    FakeExchanges fakes;

    KafkaBroker broker;

    @Test
    @Order(1)
    void aRateLimitingExchangeShowsInTheSourcesGroupAndItsGaugesNeverInReadiness() throws Exception {
        awaitReady(List.of("coingecko", "binance"));
        StubMapping limited = fakes.http().stubFor(get(urlPathEqualTo("/api/v3/coins/markets")).atPriority(1)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                        .withBody("{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the Rate Limit.\"}}")));
        try {
            JsonNode gecko = awaitCheck("coingecko source", c -> c.at("/data/state").textValue().equals("retrying"));
            assertThat(gecko.get("status").textValue()).isEqualTo("DOWN");
            assertThat(gecko.at("/data/detail").textValue()).contains("429").contains("waiting 30000 ms (Retry-After)");

            JsonNode sources = health("/q/health/group/sources", 503);
            assertThat(sources.get("status").textValue()).isEqualTo("DOWN");
            assertThat(check(sources, "binance source").get("status").textValue()).isEqualTo("UP");

            JsonNode ready = health("/q/health/ready", 200);
            assertThat(ready.get("status").textValue()).isEqualTo("UP");
            assertThat(ready.get("checks")).extracting(c -> c.get("name").textValue()).containsExactly(MESSAGING);

            String metrics = metrics();
            assertThat(value(metrics, "coinpulse_ingest_source_up{source=\"coingecko\"}")).isZero();
            assertThat(value(metrics, "coinpulse_ingest_source_up{source=\"binance\"}")).isEqualTo(1);
            assertThat(value(metrics, "coinpulse_ingest_source_state{source=\"coingecko\",state=\"retrying\"}")).isEqualTo(1);
            assertThat(value(metrics, "coinpulse_ingest_source_state{source=\"coingecko\",state=\"running\"}")).isZero();
            assertThat(value(metrics, "coinpulse_ingest_source_state{source=\"binance\",state=\"running\"}")).isEqualTo(1);
            assertThat(value(metrics, "coinpulse_ingest_rate_limited_total{reason=\"http_429\",source=\"coingecko\"}"))
                    .isPositive();
        } finally {
            fakes.http().removeStub(limited);
        }
    }

    @Test
    @Order(2)
    void readinessIsDownWhileKafkaIsUnreachable() throws Exception {
        JsonNode up = health("/q/health/ready", 200);
        assertThat(check(up, MESSAGING).at("/data/ticks-out").textValue()).isEqualTo("[OK]");
        broker.stop();
        try {
            await("readiness down", () -> given().get("/q/health/ready").statusCode() == 503);
            JsonNode down = health("/q/health/ready", 503);
            assertThat(down.get("status").textValue()).isEqualTo("DOWN");
            JsonNode messaging = check(down, MESSAGING);
            assertThat(messaging.get("status").textValue()).isEqualTo("DOWN");
            assertThat(messaging.at("/data/ticks-out").textValue())
                    .startsWith("[KO] - Failed to get response from broker for channel ticks-out");
            // the sources themselves are fine: ingest is unready because it cannot publish
            assertThat(value(metrics(), "coinpulse_ingest_source_up{source=\"binance\"}")).isEqualTo(1);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            broker.restart();
        }
        await("readiness up again", () -> given().get("/q/health/ready").statusCode() == 200);
    }

    private static JsonNode health(String path, int status) throws Exception {
        return JSON.readTree(given().get(path).then().statusCode(status).extract().asString());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").textValue().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }
}
