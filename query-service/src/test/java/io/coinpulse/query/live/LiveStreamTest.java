package io.coinpulse.query.live;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static io.coinpulse.query.testing.KafkaResource.ALERTS;
import static io.coinpulse.query.testing.KafkaResource.METRICS;
import static io.coinpulse.query.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.query.testing.KafkaResource;
import io.coinpulse.query.testing.KnownRows;
import io.coinpulse.query.testing.LiveRecords;
import io.coinpulse.query.testing.MariaDbResource;
import io.coinpulse.query.testing.SseClient;
import io.coinpulse.query.testing.SseClient.Event;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * GET /api/v1/stream fed by a real Kafka broker (devstack): records published to crypto.metrics and
 * crypto.alerts as spark-app publishes them arrive on the stream; reconnection with Last-Event-ID;
 * cache invalidation; a broker restart under the running service.
 */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
@WithTestResource(KafkaResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL base;

    @Inject
    KnownRows rows;

    @BeforeEach
    void loadKnownRowsAndWaitForTheConsumer() throws Exception {
        rows.load();
        await("the live stream reads every partition",
                () -> management().get("/q/health/group/live").statusCode() == 200, Duration.ofSeconds(90));
    }

    @Test
    @Order(1)
    void windowUpdatesArriveInThePublishedOrderWithTheContractsFields() throws Exception {
        try (SseClient client = SseClient.open(stream(""), Map.of())) {
            assertThat(client.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            Event hello = client.next(WAIT);
            assertThat(hello.name()).isEqualTo("heartbeat");
            assertThat(hello.retry()).isEqualTo(2000L);
            assertThat(JSON.readTree(hello.data()).get("time").asLong()).isPositive();

            long t = T0 + 10 * MINUTE;
            List<ObjectNode> btc = List.of(
                    LiveRecords.window("BTC", t, 70000.0, 70010.5, false),
                    LiveRecords.window("BTC", t, 70000.0, 70022.25, false),
                    LiveRecords.window("BTC", t, 70000.0, 70015.0, true),
                    LiveRecords.window("BTC", t + MINUTE, 70015.0, 70030.0, false),
                    LiveRecords.window("BTC", t + MINUTE, 70015.0, 69990.5, false),
                    LiveRecords.window("BTC", t + 2 * MINUTE, 69990.5, 69985.0, false));
            List<ObjectNode> eth = List.of(
                    LiveRecords.window("ETH", t, 2000.0, 2001.0, false),
                    LiveRecords.window("ETH", t, 2000.0, 2002.5, true),
                    LiveRecords.window("ETH", t + MINUTE, 2002.5, 2003.0, false));
            Map<JsonNode, RecordMetadata> published = new java.util.HashMap<>();
            for (int i = 0; i < btc.size(); i++) {
                published.put(btc.get(i), KafkaResource.publish(METRICS, "BTC", btc.get(i).toString()));
                if (i < eth.size()) {
                    published.put(eth.get(i), KafkaResource.publish(METRICS, "ETH", eth.get(i).toString()));
                }
            }

            List<Event> windows = client.next("window", btc.size() + eth.size(), WAIT);
            assertThat(data(windows, "BTC")).containsExactlyElementsOf(btc);
            assertThat(data(windows, "ETH")).containsExactlyElementsOf(eth);
            // every event's id is the stream position just after its own Kafka record
            for (Event e : windows) {
                RecordMetadata record = published.get(tree(e.data()));
                assertThat(StreamPosition.parse(e.id()).offset("m" + record.partition())).hasValue(record.offset());
            }
            assertThat(client.otherFields()).as("fields beside id, event, data, retry").isEmpty();
        }
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("coinpulse_query_stream_events_total\\{type=\"window\"} [1-9]");
    }

    @Test
    @Order(2)
    void alertsArriveAsAlertEvents() throws Exception {
        try (SseClient client = SseClient.open(stream(""), Map.of())) {
            ObjectNode alert = LiveRecords.alert("SOL", T0 + 4 * MINUTE, "price_move", 5.0, T0 + 5 * MINUTE + 500);
            KafkaResource.publish(ALERTS, "SOL", alert.toString());
            Event event = client.next("alert", 1, WAIT).get(0);
            assertThat(JSON.readTree(event.data())).isEqualTo(alert);
            assertThat(StreamPosition.parse(event.id()).offset("a0")).isPresent();
        }
    }

    @Test
    @Order(3)
    void aFilteredClientGetsOnlyTheAssetsAndSizesItAskedFor() throws Exception {
        long t = T0 + 20 * MINUTE;
        try (SseClient client = SseClient.open(stream("?assets=eth,LINK&sizes=5m"), Map.of())) {
            client.next(WAIT); // the first heartbeat
            ObjectNode eth5m = LiveRecords.window("binance", "ETH", "5m", t, 2000.0, 2010.0, false);
            ObjectNode ethAlert = LiveRecords.alert("ETH", t, "volume_spike", 3.5, t + MINUTE);
            ObjectNode link5m = LiveRecords.window("binance", "LINK", "5m", t, 15.0, 15.5, false);
            KafkaResource.publish(METRICS, "BTC", LiveRecords.window("BTC", t, 70000.0, 70001.0, false).toString());
            KafkaResource.publish(METRICS, "ETH", LiveRecords.window("ETH", t, 2000.0, 2010.0, false).toString());
            KafkaResource.publish(METRICS, "ETH", eth5m.toString());
            KafkaResource.publish(ALERTS, "BTC", LiveRecords.alert("BTC", t, "price_move", 4.0, t + MINUTE).toString());
            KafkaResource.publish(ALERTS, "ETH", ethAlert.toString());
            KafkaResource.publish(METRICS, "LINK", link5m.toString());

            List<JsonNode> received = new ArrayList<>();
            while (received.size() < 3) {
                Event e = client.next(WAIT);
                if (!e.name().equals("heartbeat")) {
                    received.add(JSON.readTree(e.data()));
                }
            }
            assertThat(received).containsExactlyInAnyOrder(eth5m, ethAlert, link5m);
            // nothing else comes: a last matching record is the very next event
            ObjectNode last = LiveRecords.window("binance", "LINK", "5m", t + 5 * MINUTE, 15.5, 15.25, false);
            KafkaResource.publish(METRICS, "LINK", last.toString());
            Event next = client.await(e -> !e.name().equals("heartbeat"), WAIT);
            assertThat(JSON.readTree(next.data())).isEqualTo(last);
        }
    }

    @Test
    @Order(4)
    void aClientThatReconnectsWithLastEventIdGetsWhatItMissedInOrder() throws Exception {
        long t = T0 + 30 * MINUTE;
        try (SseClient observer = SseClient.open(stream(""), Map.of())) {
            String seen;
            try (SseClient first = SseClient.open(stream("?assets=SOL"), Map.of())) {
                KafkaResource.publish(METRICS, "SOL", LiveRecords.window("SOL", t, 140.0, 140.5, false).toString());
                KafkaResource.publish(METRICS, "SOL", LiveRecords.window("SOL", t, 140.0, 141.0, true).toString());
                first.next("window", 2, WAIT);
                seen = first.lastEventId();
            }
            List<ObjectNode> missed = List.of(
                    LiveRecords.window("SOL", t + MINUTE, 141.0, 141.5, false),
                    LiveRecords.window("SOL", t + MINUTE, 141.0, 142.25, false),
                    LiveRecords.alert("SOL", t + MINUTE, "price_move", 4.4, t + 2 * MINUTE));
            KafkaResource.publish(METRICS, "SOL", missed.get(0).toString());
            KafkaResource.publish(METRICS, "DOGE", LiveRecords.window("DOGE", t, 0.1, 0.11, false).toString());
            KafkaResource.publish(METRICS, "SOL", missed.get(1).toString());
            KafkaResource.publish(ALERTS, "SOL", missed.get(2).toString());
            // the service has consumed all four once the observer has seen them
            observer.next("window", 5, WAIT);
            observer.next("alert", 1, WAIT);

            try (SseClient again = SseClient.open(stream("?assets=SOL"), Map.of("Last-Event-ID", seen))) {
                List<Event> replay = List.of(again.next(WAIT), again.next(WAIT), again.next(WAIT), again.next(WAIT));
                assertThat(replay).extracting(Event::name).containsExactly("window", "window", "alert", "heartbeat");
                assertThat(replay.subList(0, 3)).extracting(e -> tree(e.data())).containsExactlyElementsOf(missed);
                assertThat(replay.get(3).id()).isEqualTo(replay.get(2).id());
                // and then it is live again
                ObjectNode live = LiveRecords.window("SOL", t + 2 * MINUTE, 142.25, 142.0, false);
                KafkaResource.publish(METRICS, "SOL", live.toString());
                assertThat(tree(again.await(e -> e.name().equals("window"), WAIT).data())).isEqualTo(live);
            }
        }
        String metrics = management().get("/q/metrics").then().extract().asString();
        assertThat(metrics).containsPattern("coinpulse_query_stream_replayed_total [1-9]");
    }

    @Test
    @Order(5)
    void aClientAwayLongerThanTheBufferReachesGetsAResyncAndThenLiveEvents() throws Exception {
        long t = T0 + 40 * MINUTE;
        try (SseClient observer = SseClient.open(stream("?assets=XRP"), Map.of())) {
            String seen;
            try (SseClient first = SseClient.open(stream("?assets=XRP"), Map.of())) {
                KafkaResource.publish(METRICS, "XRP", LiveRecords.window("XRP", t, 0.6, 0.61, false).toString());
                first.next("window", 1, WAIT);
                seen = first.lastEventId();
            }
            // the buffer holds 64 events here (KafkaResource): 70 more push the client's out
            for (int i = 1; i <= 70; i++) {
                KafkaResource.publish(METRICS, "XRP", LiveRecords.window("XRP", t + i * MINUTE, 0.6, 0.6 + i / 1000.0,
                        false).toString());
            }
            observer.next("window", 71, WAIT);
            try (SseClient again = SseClient.open(stream("?assets=XRP"), Map.of("Last-Event-ID", seen))) {
                Event resync = again.next(WAIT);
                assertThat(resync.name()).isEqualTo("resync");
                assertThat(tree(resync.data()).get("reason").asText())
                        .matches("events of m[0-2] after offset [0-9]+ are no longer buffered");
                assertThat(again.next(WAIT).name()).isEqualTo("heartbeat");
                ObjectNode live = LiveRecords.window("XRP", t + 71 * MINUTE, 0.67, 0.68, false);
                KafkaResource.publish(METRICS, "XRP", live.toString());
                assertThat(tree(again.await(e -> e.name().equals("window"), WAIT).data())).isEqualTo(live);
            }
        }
    }

    @Test
    @Order(6)
    void recordsThatBreakTheContractAreCountedAndSkipped() throws Exception {
        long t = T0 + 50 * MINUTE;
        try (SseClient client = SseClient.open(stream("?assets=ADA"), Map.of())) {
            client.next(WAIT);
            KafkaResource.publish(METRICS, "ADA", "{not json");
            ObjectNode noClose = LiveRecords.window("ADA", t, 0.68, 0.69, false);
            noClose.remove("close");
            KafkaResource.publish(METRICS, "ADA", noClose.toString());
            ObjectNode badKind = LiveRecords.alert("ADA", t, "price_move", 3.3, t + MINUTE);
            badKind.put("kind", "moon");
            KafkaResource.publish(ALERTS, "ADA", badKind.toString());
            ObjectNode valid = LiveRecords.window("ADA", t, 0.68, 0.695, false);
            KafkaResource.publish(METRICS, "ADA", valid.toString());
            ObjectNode validAlert = LiveRecords.alert("ADA", t, "volume_spike", 3.9, t + MINUTE);
            KafkaResource.publish(ALERTS, "ADA", validAlert.toString());

            List<JsonNode> received = new ArrayList<>();
            while (received.size() < 2) {
                Event e = client.next(WAIT);
                if (!e.name().equals("heartbeat")) {
                    received.add(tree(e.data()));
                }
            }
            assertThat(received).containsExactlyInAnyOrder(valid, validAlert);
        }
        String metrics = management().get("/q/metrics").then().extract().asString();
        assertThat(metrics)
                .containsPattern("coinpulse_query_stream_rejected_total\\{reason=\"malformed_json\",topic=\"crypto.metrics\"} 1.0")
                .containsPattern("coinpulse_query_stream_rejected_total\\{reason=\"missing_field\",topic=\"crypto.metrics\"} 1.0")
                .containsPattern("coinpulse_query_stream_rejected_total\\{reason=\"invalid_field\",topic=\"crypto.alerts\"} 1.0");
    }

    @Test
    @Order(7)
    void aWindowUpdateOnTheStreamInvalidatesTheCachedListingDetailAndMovers() throws Exception {
        long latest = T0 + 6 * MINUTE;
        assertThat(listedPrice("BTC")).isEqualTo(70886.15087);
        assertThat(latestClose("BTC")).isEqualTo(70886.15087);
        String moversEtag = given().get("/api/v1/movers").then().statusCode(200).extract().header("ETag");

        // spark-app writes the database, then publishes: here the cache (60 s in this test) still serves the old
        execute("UPDATE window_metrics SET close = 71111.5 WHERE source = 'binance' AND asset = 'BTC'"
                + " AND window_size = '1m' AND window_start = " + latest);
        execute("INSERT INTO movers (period, as_of, direction, rank_no, source, asset, pct_change, open_price,"
                + " close_price) VALUES ('5m', " + (latest + MINUTE) + ", 'gainer', 1, 'binance', 'BTC', 0.5, 70752.0,"
                + " 71111.5)");
        assertThat(listedPrice("BTC")).isEqualTo(70886.15087);
        assertThat(latestClose("BTC")).isEqualTo(70886.15087);
        assertThat(given().get("/api/v1/movers").header("ETag")).isEqualTo(moversEtag);

        try (SseClient client = SseClient.open(stream("?assets=BTC"), Map.of())) {
            KafkaResource.publish(METRICS, "BTC",
                    LiveRecords.window("BTC", latest, 70754.07437, 71111.5, false).toString());
            client.next("window", 1, WAIT);
        }
        assertThat(listedPrice("BTC")).isEqualTo(71111.5);
        assertThat(latestClose("BTC")).isEqualTo(71111.5);
        JsonNode movers = tree(given().get("/api/v1/movers").then().statusCode(200).extract().asString());
        assertThat(movers.get("asOf").asLong()).isEqualTo(latest + MINUTE);
        assertThat(movers.at("/gainers/0/asset").asText()).isEqualTo("BTC");
        execute("DELETE FROM movers");
    }

    @Test
    @Order(8)
    void theServiceAnswersWhileKafkaIsDownAndTheStreamResumesWhenItReturns() throws Exception {
        KafkaBroker broker = KafkaResource.broker();
        long t = T0 + 60 * MINUTE;
        try (SseClient client = SseClient.open(stream("?assets=AVAX"), Map.of())) {
            client.next(WAIT);
            broker.stop();
            try {
                given().get("/api/v1/assets").then().statusCode(200);
                given().get("/api/v1/assets/AVAX/windows").then().statusCode(200);
                management().get("/q/health/ready").then().statusCode(200);
                management().get("/q/health/live").then().statusCode(200);
                // the open stream keeps its heartbeats
                assertThat(client.await(e -> e.name().equals("heartbeat"), WAIT).id()).isNotBlank();
            } finally {
                broker.restart();
            }
            ObjectNode after = LiveRecords.window("AVAX", t, 30.0, 30.5, false);
            KafkaResource.publish(METRICS, "AVAX", after.toString());
            Event event = client.await(e -> e.name().equals("window"), Duration.ofSeconds(120));
            assertThat(tree(event.data())).isEqualTo(after);
        }
    }

    private URI stream(String query) {
        return URI.create(base.toString().replaceAll("/$", "") + "/api/v1/stream" + query);
    }

    private static List<JsonNode> data(List<Event> events, String asset) {
        return events.stream().map(e -> tree(e.data())).filter(d -> d.get("asset").asText().equals(asset)).toList();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static double listedPrice(String asset) {
        JsonNode page = tree(given().get("/api/v1/assets").then().statusCode(200).extract().asString());
        for (JsonNode a : page.get("assets")) {
            if (a.get("asset").asText().equals(asset)) {
                return a.get("price").doubleValue();
            }
        }
        throw new AssertionError(asset + " not listed");
    }

    private static double latestClose(String asset) {
        return tree(given().get("/api/v1/assets/" + asset).then().statusCode(200).extract().asString())
                .at("/latest/1m/close").doubleValue();
    }

    private void execute(String sql) throws Exception {
        try (Connection c = rows.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }
}
