package io.coinpulse.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.coinpulse.ingest.TopicReader.metrics;
import static io.coinpulse.ingest.TopicReader.readAll;
import static io.coinpulse.ingest.TopicReader.value;
import static io.coinpulse.ingest.Management.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.coinpulse.ingest.fake.FakeExchanges;
import io.coinpulse.ingest.fake.FakeExchangesResource;
import io.coinpulse.ingest.fake.FakeWebSockets;
import io.coinpulse.ingest.pipeline.FrameRecorder;
import io.coinpulse.ingest.pipeline.IngestPipeline;
import io.coinpulse.ingest.source.Source;
import io.coinpulse.ingest.source.SourceRegistry;
import io.coinpulse.ingest.source.SourceStatus;
import io.coinpulse.ingest.source.live.LiveSource;
import io.coinpulse.ingest.source.replay.ReplaySource;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickJson;
import io.coinpulse.ingest.tick.TickResult;
import io.coinpulse.ingest.tick.TickValidator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * All six live connectors at once against local fakes of their APIs (WireMock, a local WebSocket server)
 * serving the real payloads of {@code ../shared/fixtures/sources}, publishing to a real Kafka broker, with
 * raw-frame recording on. One live session, in order: what each connector publishes, the DLQ, Binance pings,
 * a dropped connection, a shutdown notice, a silent stream, a refusing server, CoinGecko's 429 and budget,
 * where the keys go; finally the recording of the whole session is replayed into the same broker and must
 * publish exactly what the session published.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.sources", value = "binance,coinbase,kraken,coincap,coingecko,coinapi"),
        @ResourceArg(name = "coinpulse.ingest.record.file", value = LiveSourcesTest.RECORDING),
        @ResourceArg(name = "coinpulse.ingest.replay.file", value = LiveSourcesTest.RECORDING),
        @ResourceArg(name = "quarkus.log.file.enabled", value = "true"),
        @ResourceArg(name = "quarkus.log.file.path", value = LiveSourcesTest.LOG) })
@WithTestResource(FakeExchangesResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveSourcesTest {

    static final String RECORDING = "target/live-sources/recording.jsonl.gz";
    static final String LOG = "target/live-sources/ingest.log";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> LIVE = List.of("binance", "coinbase", "kraken", "coincap", "coingecko", "coinapi");

    FakeExchanges fakes;

    @Inject
    SourceRegistry registry;

    @Inject
    IngestPipeline pipeline;

    @Inject
    FrameRecorder recorder;

    @Inject
    ReplaySource replay;

    @Test
    @Order(1)
    void everyConnectorPublishesTheCanonicalTicksOfItsApi() throws Exception {
        awaitReady(LIVE);
        fakes.binance().send("btcusdt@trade", Fixtures.frame("binance_combined.json"));
        fakes.binance().send("btcusdt@trade", "{\"stream\":\"btcusdt@trade\",\"data\":" + Fixtures.frame("binance_trade.json") + "}");
        fakes.binance().send("miniTicker", "{\"stream\":\"!miniTicker@arr\",\"data\":"
                + Fixtures.frame("binance_miniticker_arr.json") + "}");
        fakes.coinbase().sendAll(Fixtures.read("coinbase_ticker.json"));
        fakes.coinbase().sendAll(Fixtures.read("coinbase_market_trades.json"));
        fakes.kraken().sendAll(Fixtures.read("kraken_v2_ticker.json"));
        fakes.kraken().sendAll(Fixtures.KRAKEN_V2_TRADE_DOCS);
        fakes.coincapPrices().sendAll(Fixtures.read("coincap_ws_prices_v2.json"));

        List<Tick> expected = List.of(
                Tick.trade("binance", "BTC", "USDT", 107407.88, 0.00024, 1751132780368L, "binance:BTCUSDT:5052328858"),
                Tick.trade("binance", "BTC", "USDT", 113747.89, 0.0006, 1757522615939L, "binance:BTCUSDT:5225367649"),
                Tick.quote("binance", "ETH", "BTC", 0.06778, 6874.09078075, null, 1665778598150L, "binance:ETHBTC:m1665778598150"),
                Tick.quote("binance", "BTC", "USDT", 19182.1, 7119945056.154964, null, 1665778598188L,
                        "binance:BTCUSDT:m1665778598188"),
                Tick.quote("coinbase", "BTC", "USD", 21932.98, null, null, 1675974637167L, "coinbase:BTC-USD:t1675974637167359596"),
                Tick.trade("coinbase", "ETH", "USD", 1260.01, 0.3, 1565815347265L, "coinbase:ETH-USD:000000000"),
                Tick.quote("kraken", "ALGO", "USD", 0.10035, 101179.51607925614, null, 1695632671742L,
                        "kraken:ALGO/USD:t1695632671742648000"),
                Tick.trade("kraken", "MATIC", "USD", 0.5147, 6423.46326, 1695628116925L, "kraken:MATIC/USD:4665846"),
                Tick.quote("coincap", "BTC", "USD", 69704.78, 30717175906.604836, 1394938121675.8599, 1775474489690L,
                        "coincap:bitcoin:a1775474489690"),
                Tick.quote("coincap", "XMR", "USD", 420.1, 1000.5, null, 1775474489690L, "coincap:monero:a1775474489690"),
                Tick.quote("coincap", "FTM", "USD", 0.8, 1000.5, null, 1775474489690L, "coincap:fantom:a1775474489690"),
                Tick.quote("coingecko", "BTC", "USD", 77671.0, 33235034316.0, 1555886872303.0, 1779108561599L,
                        "coingecko:bitcoin:1779108561599"),
                Tick.quote("coingecko", "ETH", "USD", 3500.25, 12.5, null, 1779108560000L, "coingecko:ethereum:1779108560000"),
                Tick.quote("coinapi", "BTC", "USD", 29295.929694597355, null, null, 1690198316000L,
                        "coinapi:BTC/USD:t1690198316000000000"),
                Tick.quote("coinapi", "ETH", "USD", 1850.123456789012345, null, null, 1690198316123L,
                        "coinapi:ETH/USD:t1690198316123456700"));
        List<Tick> published = awaitTicks(ticks -> ticks.containsAll(expected)
                && ticks.stream().filter(t -> t.id().startsWith("binance:") && t.id().contains(":m")).count() >= 41
                && ticks.stream().filter(t -> t.source().equals("coincap") && t.id().contains(":p")).count() >= 3);

        assertThat(published).containsAll(expected);
        assertThat(published.stream().filter(t -> t.source().equals("binance") && t.id().contains(":m")).distinct())
                .hasSize(41);
        // the prices stream has no time: its quotes carry the receive time, in the id too
        List<Tick> prices = published.stream().filter(t -> t.source().equals("coincap") && t.id().contains(":p")).toList();
        assertThat(prices).extracting(Tick::asset, Tick::price)
                .contains(tuple("BTC", 69710.12), tuple("FTM", 0.805882),
                        tuple("XMR", 422.5));
        assertThat(prices).allSatisfy(t -> {
            assertThat(t.id()).endsWith(":p" + t.eventTime());
            assertThat(t.eventTime()).isBetween(System.currentTimeMillis() - WAIT.toMillis() * 4, System.currentTimeMillis());
        });
        for (ConsumerRecord<String, String> record : readAll("crypto.ticks")) {
            assertThat(record.key()).isEqualTo(JSON.readTree(record.value()).get("asset").textValue());
        }

        String metrics = metrics();
        // 102 coins of the prices fixture are not among the 4 listed; bitcoin-bep2 loses BTC to bitcoin
        assertThat(value(metrics, "coinpulse_ingest_ticks_skipped_total{reason=\"unknown_symbol\",source=\"coincap\"}"))
                .isGreaterThanOrEqualTo(102);
        assertThat(value(metrics, "coinpulse_ingest_ticks_skipped_total{reason=\"symbol_conflict\",source=\"coincap\"}"))
                .isGreaterThanOrEqualTo(1);
        for (String source : LIVE) {
            assertThat(value(metrics, "coinpulse_ingest_frames_received_total{source=\"" + source + "\"}")).as(source).isPositive();
            assertThat(value(metrics, "coinpulse_ingest_ticks_published_total{source=\"" + source + "\"}")).as(source).isPositive();
            assertThat(metrics).containsPattern("\ncoinpulse_ingest_last_event_age_seconds\\{source=\"" + source + "\"} \\d");
        }
    }

    @Test
    @Order(2)
    void badFramesGoToTheDlqWithTheirSourceAndRawText() throws Exception {
        String cut = "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"MATIC/USD\"";
        String noPrice = Fixtures.read("coinbase_market_trades.json").replace("\"price\": \"1260.01\"", "\"price\": null");
        fakes.kraken().sendAll(cut);
        fakes.coinbase().sendAll(noPrice);
        List<JsonNode> dlq = awaitDeadLetters(letters -> letters.size() >= 2);
        assertThat(dlq).anySatisfy(letter -> {
            assertThat(letter.get("source").textValue()).isEqualTo("kraken");
            assertThat(letter.get("reason").textValue()).isEqualTo("malformed_json");
            assertThat(letter.get("payload").textValue()).isEqualTo(cut);
        });
        assertThat(dlq).anySatisfy(letter -> {
            assertThat(letter.get("source").textValue()).isEqualTo("coinbase");
            assertThat(letter.get("reason").textValue()).isEqualTo("invalid_price");
            assertThat(letter.get("detail").textValue()).isEqualTo("market_trades ETH-USD: price is missing or null");
            assertThat(letter.get("payload").textValue()).isEqualTo(noPrice);
        });
        assertThat(value(metrics(), "coinpulse_ingest_ticks_rejected_total{reason=\"malformed_json\",source=\"kraken\"}"))
                .isEqualTo(1);
    }

    @Test
    @Order(3)
    void binanceAnswersPingsAndResumesAfterADroppedConnection() throws Exception {
        List<FakeWebSockets.Connection> before = fakes.binance().open();
        assertThat(before).extracting(FakeWebSockets.Connection::query).containsExactlyInAnyOrder(
                "streams=btcusdt@trade/ethusdt@trade", "streams=!miniTicker@arr");
        before.forEach(c -> c.ping("ping-42"));
        await("pongs with the ping's payload", () -> before.stream().allMatch(c -> c.pongs().contains("ping-42")));

        long reconnects = value(metrics(), "coinpulse_ingest_reconnects_total{source=\"binance\"}");
        FakeWebSockets.Connection trades = before.stream().filter(c -> c.query().contains("btcusdt")).findFirst().orElseThrow();
        trades.send(trade(1001, "70000.5"));
        awaitTicks(ticks -> ticks.stream().anyMatch(t -> t.id().equals("binance:BTCUSDT:1001")));
        trades.drop();
        await("a new trades connection", () -> fakes.binance().open().stream()
                .anyMatch(c -> c.query().contains("btcusdt") && c != trades));
        awaitReady(List.of("binance"));
        fakes.binance().send("btcusdt@trade", trade(1002, "70001.25"));
        List<Tick> ticks = awaitTicks(all -> all.stream().anyMatch(t -> t.id().equals("binance:BTCUSDT:1002")));
        assertThat(ticks).contains(Tick.trade("binance", "BTC", "USDT", 70001.25, 0.5, 1772323200000L, "binance:BTCUSDT:1002"));
        assertThat(value(metrics(), "coinpulse_ingest_reconnects_total{source=\"binance\"}")).isGreaterThan(reconnects);
    }

    @Test
    @Order(4)
    void binanceOpensTheNewConnectionBeforeClosingTheOldOnAShutdownNotice() {
        FakeWebSockets.Connection old = fakes.binance().open().stream().filter(c -> c.query().contains("miniTicker"))
                .findFirst().orElseThrow();
        old.send("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1772323200000}}");
        await("the old connection closed by the client", old::closedByClient);
        FakeWebSockets.Connection replacement = fakes.binance().connections().stream()
                .filter(c -> c.query().contains("miniTicker") && c.openedAt() > old.openedAt()).findFirst().orElseThrow();
        assertThat(replacement.openedAt()).as("make before break").isLessThan(old.closedAt());
        assertThat(replacement.open()).isTrue();
    }

    @Test
    @Order(5)
    void aSilentStreamIsTakenAsDeadAndReplaced() {
        FakeWebSockets.Connection quiet = fakes.coinbase().open().get(0);
        assertThat(quiet.received()).hasSize(3);
        fakes.coinbase().silent(true);
        try {
            await("the silent connection closed by the client", quiet::closedByClient);
            JsonNode check = awaitCheck("coinbase source", c -> c.at("/data/state").textValue().equals("retrying"));
            assertThat(check.get("status").textValue()).isEqualTo("DOWN");
            assertThat(check.at("/data/detail").textValue()).contains("ws://127.0.0.1:" + fakes.ws().port() + "/coinbase")
                    .containsAnyOf("no message for 1500 ms", "no message within 1500 ms");
        } finally {
            fakes.coinbase().silent(false);
        }
        awaitReady(List.of("coinbase"));
        FakeWebSockets.Connection fresh = fakes.coinbase().open().get(0);
        // subscribed again, within Coinbase's 5 s: ticker and market_trades of the products, and heartbeats
        assertThat(fresh.received()).containsExactly(
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channel\":\"ticker\"}",
                "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"],\"channel\":\"market_trades\"}",
                "{\"type\":\"subscribe\",\"channel\":\"heartbeats\"}");
        assertThat(value(metrics(), "coinpulse_ingest_reconnects_total{source=\"coinbase\"}")).isPositive();
    }

    @Test
    @Order(6)
    void theSourcesGroupSaysWhichSourceIsDownAndWhy() {
        fakes.kraken().refuseWith(503);
        fakes.kraken().open().forEach(FakeWebSockets.Connection::drop);
        try {
            JsonNode kraken = awaitCheck("kraken source", c -> c.at("/data/detail").textValue().contains("503"));
            assertThat(kraken.get("status").textValue()).isEqualTo("DOWN");
            assertThat(kraken.at("/data/state").textValue()).isEqualTo("retrying");
            assertThat(kraken.at("/data/detail").textValue()).contains("/kraken/v2").contains("retrying with backoff");
            // one exchange down never makes ingest NotReady: readiness is about Kafka
            given().when().get("/q/health/ready").then().statusCode(200);
            given().when().get("/q/health/group/sources").then().statusCode(503);
            JsonNode binance = check(readiness(), "binance source");
            assertThat(binance.get("status").textValue()).isEqualTo("UP");
        } finally {
            fakes.kraken().refuseWith(0);
        }
        awaitReady(List.of("kraken"));
        // Kraken's subscriptions, with the trade snapshot that fills the gap after a reconnect
        assertThat(fakes.kraken().open().get(0).received()).containsExactly(
                "{\"method\":\"subscribe\",\"params\":{\"channel\":\"ticker\",\"symbol\":[\"ALGO/USD\",\"MATIC/USD\"]}}",
                "{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"ALGO/USD\",\"MATIC/USD\"]}}");
    }

    @Test
    @Order(7)
    void coingeckoWaitsOutA429AsRetryAfterSaysAndKeepsToItsBudget() {
        await("the budget of 5 requests a minute used up",
                () -> value(metrics(), "coinpulse_ingest_rate_limited_total{reason=\"budget\",source=\"coingecko\"}") > 0);
        List<LoggedRequest> requests = fakes.http().findAll(getRequestedFor(urlPathEqualTo("/api/v3/coins/markets")))
                .stream().sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(5);
        assertThat(requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime())
                .as("the request after the 429 waited Retry-After: 2").isGreaterThanOrEqualTo(2000);
        for (int i = 5; i < requests.size(); i++) {
            assertThat(requests.get(i).getLoggedDate().getTime() - requests.get(i - 5).getLoggedDate().getTime())
                    .as("at most 5 requests in any minute").isGreaterThanOrEqualTo(60_000);
        }
        String metrics = metrics();
        assertThat(value(metrics, "coinpulse_ingest_rate_limited_total{reason=\"http_429\",source=\"coingecko\"}")).isEqualTo(1);
        JsonNode check = check(readiness(), "coingecko source");
        assertThat(check.at("/data/state").textValue()).isEqualTo("running");
        assertThat(check.at("/data/rateLimited").longValue()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(8)
    void keysGoOnlyWhereTheApisWantThemNeverIntoLogsHealthOrMetrics() throws Exception {
        assertThat(fakes.http().findAll(getRequestedFor(urlPathMatching("/v1/exchangerate/.*")))).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getHeader("X-CoinAPI-Key")).isEqualTo(FakeExchanges.COINAPI_KEY));
        assertThat(fakes.http().findAll(getRequestedFor(urlPathEqualTo("/v3/assets")))).hasSize(2)
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + FakeExchanges.COINCAP_KEY));
        assertThat(fakes.coincapPrices().connections()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.query()).isEqualTo("assets=ALL&apiKey=" + FakeExchanges.COINCAP_KEY));

        // the probes of auto reach every fake
        for (Source source : registry.enabled()) {
            assertThat(((LiveSource) source).probe(Duration.ofSeconds(5))).as(source.name()).isEmpty();
        }

        recorder.flush();
        String everything = given().get("/q/health").then().extract().asString()
                + given().get("/q/health/group/sources").then().extract().asString() + metrics()
                + Files.readString(Path.of(LOG), StandardCharsets.UTF_8);
        assertThat(everything).contains("coincap source").contains("/coincap/prices");
        for (String key : List.of(FakeExchanges.COINCAP_KEY, FakeExchanges.COINGECKO_KEY, FakeExchanges.COINAPI_KEY)) {
            assertThat(everything).doesNotContain(key);
        }
    }

    @Test
    @Order(9)
    void theRecordingOfTheSessionReplayedPublishesExactlyTheSameTicks() throws Exception {
        for (Source source : registry.enabled()) {
            source.stop();
        }
        for (Source source : registry.enabled()) {
            assertThat(pipeline.drain(source.name(), Duration.ofSeconds(30))).as(source.name()).isTrue();
        }
        recorder.flush();
        List<ConsumerRecord<String, String>> liveTicks = readAll("crypto.ticks");
        List<ConsumerRecord<String, String>> liveDlq = readAll("crypto.ticks.dlq");
        long published = LIVE.stream().mapToLong(s -> pipeline.meters(s).publishedCount()).sum();
        assertThat(liveTicks).hasSize((int) published);

        Path recording = Path.of(RECORDING);
        try (InputStream in = Files.newInputStream(recording)) {
            assertThat(in.readNBytes(2)).as("gzip").containsExactly(0x1f, 0x8b);
        }

        // (the replay's state, not its gauge: meters of an earlier test application in this JVM may linger)
        long replayedBefore = pipeline.meters("replay").publishedCount();
        replay.start();
        await("the replay of the recording", () -> replay.status().state() == SourceStatus.State.COMPLETED);
        List<ConsumerRecord<String, String>> allTicks = readAll("crypto.ticks");
        List<ConsumerRecord<String, String>> allDlq = readAll("crypto.ticks.dlq");
        List<String> replayedTicks = canonical(after(allTicks, liveTicks));
        assertThat(replayedTicks).hasSize(liveTicks.size());
        assertThat(replayedTicks).containsExactlyInAnyOrderElementsOf(canonical(liveTicks));
        assertThat(deadLetters(after(allDlq, liveDlq))).containsExactlyInAnyOrderElementsOf(deadLetters(liveDlq));
        assertThat(pipeline.meters("replay").publishedCount() - replayedBefore).isEqualTo(published);
    }

    // --- helpers

    private static String trade(long id, String price) {
        return "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1772323200001,\"s\":\"BTCUSDT\",\"t\":" + id
                + ",\"p\":\"" + price + "\",\"q\":\"0.50000000\",\"T\":1772323200000,\"m\":false,\"M\":true}}";
    }

    /** The records of {@code all} that are not in {@code before} (same partitions, later offsets). */
    private static List<ConsumerRecord<String, String>> after(List<ConsumerRecord<String, String>> all,
            List<ConsumerRecord<String, String>> before) {
        return all.stream().filter(r -> before.stream().noneMatch(b -> b.partition() == r.partition()
                && b.offset() == r.offset())).toList();
    }

    /** Each record's tick as canonical JSON without its ingestTime, the key in front. */
    private static List<String> canonical(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> r.key() + " " + TickJson.write(tick(r.value()))).toList();
    }

    private static List<String> deadLetters(List<ConsumerRecord<String, String>> records) throws Exception {
        List<String> letters = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode letter = JSON.readTree(record.value());
            letters.add(record.key() + "|" + letter.get("source") + "|" + letter.get("reason") + "|" + letter.get("detail")
                    + "|" + letter.get("payload"));
        }
        return letters;
    }

    private static Tick tick(String value) {
        TickResult result = TickValidator.validate(value);
        assertThat(result).as(value).isInstanceOf(TickResult.Valid.class);
        Tick t = ((TickResult.Valid) result).tick();
        return new Tick(t.source(), t.kind(), t.asset(), t.quote(), t.price(), t.size(), t.volume24h(), t.marketCap(),
                t.eventTime(), null, t.id());
    }

    private static List<Tick> awaitTicks(Predicate<List<Tick>> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Tick> ticks = readAll("crypto.ticks").stream().map(r -> tick(r.value())).toList();
            if (done.test(ticks)) {
                return ticks;
            }
            assertThat(System.nanoTime()).as("ticks expected on crypto.ticks within " + WAIT + "; got " + ticks)
                    .isLessThan(deadline);
            sleep(250);
        }
    }

    private static List<JsonNode> awaitDeadLetters(Predicate<List<JsonNode>> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<JsonNode> letters = new ArrayList<>();
            for (ConsumerRecord<String, String> record : readAll("crypto.ticks.dlq")) {
                letters.add(JSON.readTree(record.value()));
            }
            if (done.test(letters)) {
                return letters;
            }
            assertThat(System.nanoTime()).as("records on crypto.ticks.dlq; got " + letters).isLessThan(deadline);
            sleep(250);
        }
    }

    private static void awaitReady(List<String> sources) {
        for (String source : sources) {
            awaitCheck(source + " source", c -> c.get("status").textValue().equals("UP"));
        }
    }

    private static JsonNode awaitCheck(String name, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode check = check(readiness(), name);
            if (done.test(check)) {
                return check;
            }
            assertThat(System.nanoTime()).as(name + " within " + WAIT + ", last: " + check).isLessThan(deadline);
            sleep(100);
        }
    }

    private static JsonNode readiness() {
        try {
            return JSON.readTree(given().when().get("/q/health/group/sources").then().extract().asString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").textValue().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + WAIT).isLessThan(deadline);
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
