package io.coinpulse.query.live;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static io.coinpulse.query.testing.KafkaResource.METRICS;
import static io.coinpulse.query.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.testing.KafkaResource;
import io.coinpulse.query.testing.LiveRecords;
import io.coinpulse.query.testing.MariaDbResource;
import io.coinpulse.query.testing.SseClient;
import io.coinpulse.query.testing.SseClient.Event;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 500 real HTTP clients on GET /api/v1/stream with {@code coinpulse.stream.max-clients=500}: the 501st gets a 503
 * problem with {@code Retry-After}; one client that never reads is disconnected once it is
 * {@code coinpulse.stream.client-buffer} events behind, while the 499 others receive every event, in order.
 */
@QuarkusTest
@TestProfile(StreamClientsTest.Capped.class)
@WithTestResource(MariaDbResource.class)
@WithTestResource(KafkaResource.class)
class StreamClientsTest {

    /** The cap, a small per-client buffer, and a small socket send buffer, so a non-reading client falls behind soon. */
    public static class Capped implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("coinpulse.stream.max-clients", Integer.toString(MAX),
                    "coinpulse.stream.client-buffer", "20",
                    "coinpulse.stream.full-retry-after", "7s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SmallSendBuffer.class);
        }
    }

    static final int MAX = 500;
    private static final int EVENTS = 400;
    private static final int BURST = 10;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Test
    void theCapHoldsAndASlowClientIsDroppedWhileTheOthersGetEveryEvent() throws Exception {
        await("the live stream reads every partition", () -> management().get("/q/health/group/live").statusCode() == 200);
        List<SseClient> readers = new ArrayList<>();
        try (Socket stalled = new Socket()) {
            for (int i = 0; i < MAX - 1; i++) {
                readers.add(SseClient.open(stream(), Map.of()));
            }
            stalled.setReceiveBufferSize(2048);
            stalled.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream request = stalled.getOutputStream();
            request.write(("GET /api/v1/stream HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush();
            await("500 clients connected", () -> metric("coinpulse_query_stream_clients") == MAX);

            HttpResponse<String> full = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(stream()).header("Accept", "text/event-stream").timeout(WAIT).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(full.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(full.body());
            assertThat(problem.get("type").textValue()).isEqualTo("urn:coinpulse:problem:stream-full");
            assertThat(problem.get("title").textValue()).isEqualTo("Stream full");
            assertThat(problem.get("status").intValue()).isEqualTo(503);
            assertThat(problem.get("maxClients").intValue()).isEqualTo(MAX);
            assertThat(problem.get("detail").textValue())
                    .isEqualTo("The live stream has its maximum of 500 clients; try again in 7 seconds");
            assertThat(metric("coinpulse_query_stream_clients_refused_total")).isEqualTo(1);

            // Bursts smaller than the client buffer, each read by every reader before the next: a reader slowed
            // by a loaded machine never trails by a full buffer, while the stalled client falls behind for good.
            for (int burst = 0; burst < EVENTS / BURST; burst++) {
                List<JsonNode> published = new ArrayList<>();
                for (int i = burst * BURST; i < (burst + 1) * BURST; i++) {
                    JsonNode window = LiveRecords.window("BTC", T0 + i * MINUTE, 70000.0 + i, 70000.5 + i, false);
                    KafkaResource.publish(METRICS, "BTC", window.toString());
                    published.add(window);
                }
                for (SseClient reader : readers) {
                    List<JsonNode> received = reader.next("window", BURST, WAIT).stream().map(e -> tree(e)).toList();
                    assertThat(received).containsExactlyElementsOf(published);
                }
            }

            await("the stalled client dropped", () -> metric("coinpulse_query_stream_clients_dropped_total") == 1
                    && metric("coinpulse_query_stream_clients") == MAX - 1);
            int windowsReceived = readToEnd(stalled);
            assertThat(windowsReceived).as("events the stalled client got before it was dropped").isLessThan(EVENTS);

            // its slot is free again: one more client gets in
            try (SseClient late = SseClient.open(stream(), Map.of())) {
                assertThat(late.next(WAIT).name()).isEqualTo("heartbeat");
                assertThat(metric("coinpulse_query_stream_clients")).isEqualTo(MAX);
            }
        } finally {
            readers.forEach(SseClient::close);
        }
        await("every client gone", () -> metric("coinpulse_query_stream_clients") == 0);
    }

    /** Reads what the server had sent until it closed the connection; returns the window events in it. */
    private static int readToEnd(Socket socket) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                text.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
            }
        } catch (java.net.SocketException reset) {
            // the server closed it with data unread: as good an end as EOF
        }
        assertThat(text).as("the stream had begun").startsWith("HTTP/1.1 200");
        Matcher windows = Pattern.compile("(?m)^event: ?window$").matcher(text);
        int count = 0;
        while (windows.find()) {
            count++;
        }
        return count;
    }

    private URI stream() {
        return URI.create(base.toString().replaceAll("/$", "") + "/api/v1/stream");
    }

    private static long metric(String series) {
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private static JsonNode tree(Event event) {
        try {
            return JSON.readTree(event.data());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + WAIT).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
