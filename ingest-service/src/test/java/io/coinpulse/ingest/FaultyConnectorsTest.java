package io.coinpulse.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.coinpulse.ingest.LiveChecks.await;
import static io.coinpulse.ingest.LiveChecks.awaitReady;
import static io.coinpulse.ingest.LiveChecks.awaitRecords;
import static io.coinpulse.ingest.LiveChecks.check;
import static io.coinpulse.ingest.LiveChecks.sleep;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, fault test 4: five live connectors at once against the fake exchanges (real fixture payloads) and a real
 * broker, each upstream misbehaving its own way at the same time: CoinCap's prices stream floods (20,000 frames as
 * fast as the server writes them), Kraken stalls (connects, then sends nothing, three connections in a row),
 * CoinGecko answers garbage (random text, a cut page, a wrong shape, a mutated price), Coinbase drops the
 * connection every 2 s, and Binance is healthy. Afterwards the healthy connector's ticks are all on
 * {@code crypto.ticks} exactly once, in order; every other connector's counters say exactly what happened; health
 * tells per source; and the service is up with every connector running again.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.sources", value = "binance,coinbase,kraken,coincap,coingecko"),
        @ResourceArg(name = "coinpulse.ingest.binance.mini-ticker", value = "false") })
@WithTestResource(value = FakeExchangesResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.coingecko.requests-per-minute", value = "600"),
        // the flood shares the fake server's event loop with Coinbase's heartbeats: on a busy machine they may be late
        @ResourceArg(name = "coinpulse.ingest.coinbase.silence-timeout", value = "10s"),
        // the flood must not outrun the queue, so what it counts is exact: received = published
        @ResourceArg(name = "coinpulse.ingest.live.queue-capacity", value = "25000") })
class FaultyConnectorsTest {

    private static final List<String> SOURCES = List.of("binance", "coinbase", "kraken", "coincap", "coingecko");
    private static final int HEALTHY_TRADES = 300;
    private static final int FLOOD = 20_000;
    private static final int STALLS = 3;
    private static final int DROPS = 5;

    FakeExchanges fakes;

    @Test
    void eachConnectorsFaultIsCountedAndTheHealthyOneLosesNothing() throws Exception {
        awaitReady(SOURCES);
        String before = metrics();
        List<String> garbage = garbage();
        stubGarbage(garbage);

        CompletableFuture<Void> healthy = CompletableFuture.runAsync(() -> {
            for (int id = 1; id <= HEALTHY_TRADES; id++) {
                fakes.binance().sendAll(trade(id));
                sleep(30);
            }
        });
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            FakeWebSockets.Connection prices = fakes.coincapPrices().open().get(0);
            for (int i = 1; i <= FLOOD; i++) {
                prices.send("{\"bitcoin\":\"" + (70000 + i / 100.0) + "\"}");
            }
        });
        CompletableFuture<Void> stall = CompletableFuture.runAsync(() -> {
            fakes.kraken().silent(true);
            await("the first stall detected", () -> counter("stalls", "kraken") - counter(before, "stalls", "kraken") >= 1);
            JsonNode stalled = check("kraken source");
            assertThat(stalled.get("status").textValue()).isEqualTo("DOWN");
            assertThat(stalled.get("data").get("state").textValue()).isEqualTo("retrying");
            await("three stalls", () -> counter("stalls", "kraken") - counter(before, "stalls", "kraken") >= STALLS);
            fakes.kraken().silent(false);
        });
        CompletableFuture<Void> drops = CompletableFuture.runAsync(() -> {
            List<FakeWebSockets.Connection> dropped = new ArrayList<>();
            for (int i = 0; i < DROPS; i++) {
                await("a new coinbase connection", () -> fresh(fakes.coinbase(), dropped).size() == 1);
                FakeWebSockets.Connection connection = fresh(fakes.coinbase(), dropped).get(0);
                sleep(2_000);
                dropped.add(connection);
                connection.drop();
            }
        });
        CompletableFuture.allOf(healthy, flood, stall, drops).get(2, TimeUnit.MINUTES);
        awaitReady(SOURCES);

        // healthy: every trade exactly once, in order (one asset, one partition), nothing else counted
        List<JsonNode> ticks = awaitRecords("crypto.ticks", t -> ids(t, "binance").size() >= HEALTHY_TRADES);
        assertThat(ids(ticks, "binance")).containsExactlyElementsOf(
                IntStream.rangeClosed(1, HEALTHY_TRADES).mapToObj(id -> "binance:BTCUSDT:" + id).toList());
        assertDelta(before, "binance", Map.of("published", (long) HEALTHY_TRADES, "rejected", 0L, "reconnects", 0L,
                "stalls", 0L, "dropped", 0L));

        // flood: every frame received, parsed, published; nothing dropped, rejected or reconnected
        await("the flood published", () -> counter("published", "coincap") - counter(before, "published", "coincap") == FLOOD);
        assertDelta(before, "coincap", Map.of("frames", (long) FLOOD, "published", (long) FLOOD, "rejected", 0L,
                "dropped", 0L, "reconnects", 0L, "stalls", 0L));

        // stall: exactly the three stalled connections replaced, each counted as a stall and a reconnect
        assertDelta(before, "kraken", Map.of("stalls", (long) STALLS, "reconnects", (long) STALLS, "rejected", 0L));

        // garbage: each body one DLQ record with its reason, in order, and the source polls on
        List<JsonNode> dlq = awaitRecords("crypto.ticks.dlq", d -> of(d, "coingecko").size() >= garbage.size());
        assertThat(of(dlq, "coingecko")).extracting(d -> d.get("reason").textValue()).containsExactly(
                "malformed_json", "malformed_json", "malformed_json", "malformed_json", "malformed_json", "invalid_price");
        assertThat(of(dlq, "coingecko")).extracting(d -> d.get("payload").textValue()).containsExactlyElementsOf(garbage);
        assertThat(rejected("coingecko", "malformed_json") - rejected(before, "coingecko", "malformed_json")).isEqualTo(5);
        assertThat(rejected("coingecko", "invalid_price") - rejected(before, "coingecko", "invalid_price")).isEqualTo(1);
        long gecko = counter("published", "coingecko");
        await("coingecko publishes again", () -> counter("published", "coingecko") > gecko);

        // disconnects: each drop one reconnect, no stall, nothing rejected
        assertDelta(before, "coinbase", Map.of("reconnects", (long) DROPS, "stalls", 0L, "rejected", 0L, "dropped", 0L));
        assertThat(fakes.coinbase().connections()).hasSizeGreaterThanOrEqualTo(DROPS + 1);

        // no other connector's DLQ records, and the service is up
        assertThat(dlq).allSatisfy(d -> assertThat(d.get("source").textValue()).isEqualTo("coingecko"));
        given().when().get("/q/health/live").then().statusCode(200);
        for (String source : SOURCES) {
            assertThat(check(source + " source").get("status").textValue()).as(source).isEqualTo("UP");
        }
    }

    /** Six bodies no one would serve: three random texts, a cut page, an object, a page with a negative price. */
    private static List<String> garbage() {
        Random random = new Random(4);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StringBuilder text = new StringBuilder("#");
            for (int c = 0; c < 200; c++) {
                text.append((char) (32 + random.nextInt(95)));
            }
            bodies.add(text.toString());
        }
        String page = Fixtures.read("coingecko_markets.json");
        bodies.add(page.substring(0, 300));
        bodies.add("{\"status\":{\"error_code\":0,\"error_message\":\"garbage\"}}");
        bodies.add(page.replace("\"current_price\": 77671,", "\"current_price\": -77671,"));
        assertThat(bodies.get(5)).isNotEqualTo(page);
        return bodies;
    }

    /** CoinGecko's next polls get the garbage, one body each, then the real pages again. */
    private void stubGarbage(List<String> bodies) {
        for (int i = 0; i < bodies.size(); i++) {
            fakes.http().stubFor(get(urlPathEqualTo("/api/v3/coins/markets")).atPriority(1).inScenario("garbage")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "garbage " + i)
                    .willSetStateTo("garbage " + (i + 1))
                    .withHeader("x-cg-demo-api-key", equalTo(FakeExchanges.COINGECKO_KEY))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody(bodies.get(i))));
        }
    }

    /** The open connections of {@code stream} not dropped yet (a dropped one may not know it is closed yet). */
    private static List<FakeWebSockets.Connection> fresh(FakeWebSockets.Stream stream, List<FakeWebSockets.Connection> dropped) {
        return stream.open().stream().filter(c -> !dropped.contains(c)).toList();
    }

    private static void assertDelta(String before, String source, Map<String, Long> expected) {
        String now = metrics();
        Map<String, Long> actual = new HashMap<>();
        for (String counter : expected.keySet()) {
            actual.put(counter, counter(now, counter, source) - counter(before, counter, source));
        }
        assertThat(actual).as(source).isEqualTo(expected);
    }

    private static long counter(String counter, String source) {
        return counter(metrics(), counter, source);
    }

    /** A per-source counter by short name; {@code rejected} is the sum over every reason. */
    private static long counter(String metrics, String counter, String source) {
        String tag = "{source=\"" + source + "\"}";
        return switch (counter) {
            case "published" -> value(metrics, "coinpulse_ingest_ticks_published_total" + tag);
            case "frames" -> value(metrics, "coinpulse_ingest_frames_received_total" + tag);
            case "dropped" -> value(metrics, "coinpulse_ingest_frames_dropped_total" + tag);
            case "reconnects" -> value(metrics, "coinpulse_ingest_reconnects_total" + tag);
            case "stalls" -> value(metrics, "coinpulse_ingest_stalls_total" + tag);
            case "rejected" -> List.of("malformed_json", "missing_source", "invalid_kind", "invalid_asset", "invalid_quote",
                    "invalid_price", "invalid_size", "invalid_event_time", "missing_id", "oversized").stream()
                    .mapToLong(reason -> rejected(metrics, source, reason)).sum();
            default -> throw new IllegalArgumentException(counter);
        };
    }

    private static long rejected(String source, String reason) {
        return rejected(metrics(), source, reason);
    }

    private static long rejected(String metrics, String source, String reason) {
        return value(metrics, "coinpulse_ingest_ticks_rejected_total{reason=\"" + reason + "\",source=\"" + source + "\"}");
    }

    private static List<String> ids(List<JsonNode> ticks, String source) {
        return ticks.stream().filter(t -> t.get("source").textValue().equals(source)).map(t -> t.get("id").textValue())
                .toList();
    }

    private static List<JsonNode> of(List<JsonNode> dlq, String source) {
        return dlq.stream().filter(d -> source.equals(d.get("source").textValue())).toList();
    }

    private static String trade(long id) {
        return "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1772323200001,\"s\":\"BTCUSDT\",\"t\":" + id
                + ",\"p\":\"70000.5\",\"q\":\"0.50000000\",\"T\":1772323200000,\"m\":false,\"M\":true}}";
    }
}
