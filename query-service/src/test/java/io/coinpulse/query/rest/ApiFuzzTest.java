package io.coinpulse.query.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.testing.KnownRows;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API fuzzing with a fixed budget (issue 4): requests drawn from jqwik generators — the real route
 * templates with mutated segments and paths outside them, known and unknown query parameters with
 * hostile values (huge, negative, NaN, 1e309, 10,000 characters, unicode, percent-encoded garbage
 * such as invalid UTF-8 {@code %C3%28} and {@code %00}, repeated parameters), every method and
 * hostile {@code Accept}, {@code If-None-Match}, {@code X-API-Key}, {@code Last-Event-ID} and
 * {@code Range} headers — against the running application on a real MariaDB with the fixture rows.
 *
 * <p>jqwik's own engine cannot host a {@code @QuarkusTest} (the application is started by a Jupiter
 * extension), so this Jupiter test draws from jqwik's generators with a fixed seed and a fixed number
 * of tries: the same requests on every run, within a bounded time. It speaks HTTP/1.1: over an
 * h2c upgrade, a request beyond the server's limits is refused at the protocol level (GOAWAY,
 * RFC 9113 §5.4.1), which has no status to check.
 *
 * <p>For every request: an answer within {@link #ANSWER_TIMEOUT}; a status below 500; no stack trace
 * or Java class name in the body; and a 4xx under {@code /api} is {@code application/problem+json}
 * with a title and the status — except 304, which has no body by definition (RFC 9110 §15.4.5); the
 * answers to {@code HEAD}, which have none either; and 413/414/431, which the HTTP server answers
 * from its limits ({@code quarkus.http.limits.*}) before any request reaches the application. Paths
 * outside {@code /api} are the dashboard's static files and Quarkus' {@code /q/*} endpoints: their
 * 4xx only need to be below 500 and clean. The health endpoints are left out: their 503 is their
 * contract (a part is down; here Kafka is absent), tested by {@code DatabaseOutageTest}. Escapes that
 * {@code java.net.URI} refuses ({@code %u0041}, {@code %%32}) go over a raw socket in
 * {@code RawHttpTest}.
 */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class ApiFuzzTest {

    static final long SEED = 20_260_301L;
    static final int TRIES = 600;
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /** At most this much of a body is read: a live stream never ends. */
    static final int MAX_BODY = 256 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Java stack frame, an exception class, or a fully qualified class name of this code or its libraries. */
    static final Pattern LEAK = Pattern.compile(
            "\\tat [\\w$.]+\\(|\\bat (java|jakarta|io|org|com)\\.[\\w$.]+\\(|[\\w.]+(Exception|Error)\\b[:\\s]"
                    + "|\\b(java|javax|jakarta|io\\.coinpulse|io\\.quarkus|io\\.vertx|io\\.netty|io\\.smallrye"
                    + "|org\\.jboss|com\\.fasterxml|com\\.mysql)\\.[a-z]+\\.[\\w.]*[A-Z]");

    @TestHTTPResource("/")
    URL base;

    @Inject
    KnownRows rows;

    @BeforeEach
    void loadKnownRows() {
        rows.load();
    }

    @Test
    void noRequestGetsA5xxAStackTraceOrNoAnswer() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(ANSWER_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        List<String> failures = new ArrayList<>();
        JqwikSession.start(String.valueOf(SEED));
        try {
            RandomGenerator<FuzzRequest> requests = requests().generator(1000);
            Random random = new Random(SEED);
            for (int i = 0; i < TRIES; i++) {
                FuzzRequest request = requests.next(random).value();
                String failure = check(client, request);
                if (failure != null) {
                    failures.add(failure + "\n    " + request);
                }
            }
        } finally {
            JqwikSession.finish();
        }
        assertThat(failures).as("requests the API mishandled (seed %d, %d tries)", SEED, TRIES).isEmpty();
    }

    @Test
    void theCheckCatchesWhatItLooksFor() {
        assertThat(LEAK.matcher("java.lang.NumberFormatException: For input string").find()).isTrue();
        assertThat(LEAK.matcher("\tat io.coinpulse.query.rest.X.y(X.java:1)").find()).isTrue();
        assertThat(LEAK.matcher("io.coinpulse.query.store.StoreException").find()).isTrue();
        assertThat(LEAK.matcher("{\"title\":\"Invalid parameter\",\"detail\":\"limit must be an integer\"}").find())
                .isFalse();
    }

    /** One request: the failure it shows, or null when it was answered well. */
    private String check(HttpClient client, FuzzRequest fuzz) throws InterruptedException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + fuzz.target()))
                    .timeout(ANSWER_TIMEOUT)
                    .method(fuzz.method(), HttpRequest.BodyPublishers.noBody());
        } catch (IllegalArgumentException e) {
            return "the generator made a target java.net.URI refuses: " + e.getMessage();
        }
        fuzz.headers().forEach(h -> builder.header(h.name(), h.value()));
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                return "no answer: " + e;
            }
            // a pooled keep-alive connection the server had just closed (after an earlier request): the
            // request never reached it, and a client resends it on a new connection (RFC 9110 §9.2.2; every
            // request here is safe to resend, the API only reads). A server that does not answer fails twice
            try {
                response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(ANSWER_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER).build()
                        .send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException again) {
                return "no answer, on a reused connection and on a new one: " + again;
            }
        }
        String body;
        try (InputStream in = response.body()) {
            boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            body = stream ? "" : new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "the body broke off: " + e;
        }
        int status = response.statusCode();
        if (status >= 500) {
            return status + " " + abbreviate(body);
        }
        if (LEAK.matcher(body).find()) {
            return status + " leaks Java internals: " + abbreviate(body);
        }
        boolean api = fuzz.target().startsWith("/api");
        boolean serverLimit = status == 413 || status == 414 || status == 431;
        if (api && status >= 400 && !serverLimit && !"HEAD".equals(fuzz.method())) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/problem+json")) {
                return status + " with Content-Type '" + type + "', not application/problem+json: " + abbreviate(body);
            }
            try {
                JsonNode problem = JSON.readTree(body);
                if (problem.path("status").asInt() != status || problem.path("title").asText().isBlank()) {
                    return status + " problem without matching status and a title: " + abbreviate(body);
                }
            } catch (IOException e) {
                return status + " problem that is not JSON: " + abbreviate(body);
            }
        }
        return null;
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    record Header(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + abbreviate(value);
        }
    }

    record FuzzRequest(String method, String target, List<Header> headers) {
        @Override
        public String toString() {
            return method + " " + abbreviate(target) + " " + headers;
        }
    }

    static Arbitrary<FuzzRequest> requests() {
        Arbitrary<String> method = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just("GET")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")));
        Arbitrary<String> target = Combinators.combine(path(), query()).as((p, q) -> q.isEmpty() ? p : p + "?" + q);
        return Combinators.combine(method, target, header().list().ofMaxSize(4)).as(FuzzRequest::new);
    }

    /** The route templates with their variables filled by good and hostile segments, and paths outside them. */
    static Arbitrary<String> path() {
        Arbitrary<String> segment = segment();
        Arbitrary<String> routes = Combinators.combine(
                Arbitraries.of("/api/v1/assets/{}", "/api/v1/assets/{}/windows", "/api/v1/assets",
                        "/api/v1/movers", "/api/v1/alerts", "/api/v1/stream", "/api/v1/assets/{}/{}",
                        "/api/v1/{}", "/api/{}", "/api/v1/assets/{}/windows/{}", "/api/v2/assets/{}",
                        "/api/v1/assets/{}/../../{}", "/api//v1//assets/{}", "/API/V1/ASSETS/{}"),
                segment, segment).as((t, a, b) -> t.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(a))
                .replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(b)));
        Arbitrary<String> outside = Combinators.combine(
                Arbitraries.of("/", "/{}", "/q/{}", "/dashboard/{}", "/_static/{}", "/q/openapi",
                        "/index.html/{}", "/{}/{}"),
                segment, segment).as((t, a, b) -> t.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(a))
                .replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(b)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, routes), net.jqwik.api.Tuple.of(1, outside));
    }

    /** A path segment: a known asset, a plausible one, or garbage, percent-encoded as a client would or raw. */
    static Arbitrary<String> segment() {
        return Arbitraries.oneOf(
                Arbitraries.of("BTC", "btc", "ETH", "LTC", "PEPE", "DOT", "NOPE", "windows", "", ".", ".."),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40),
                hostile().map(ApiFuzzTest::encode),
                rawEscapes());
    }

    /** Query strings of known and unknown parameters, some repeated, with good and hostile values. */
    static Arbitrary<String> query() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.of("size", "from", "to", "limit", "source", "page", "period", "since", "asset", "kind",
                        "assets", "sizes"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                hostile().map(ApiFuzzTest::encode), rawEscapes());
        Arbitrary<String> value = Arbitraries.oneOf(good(), hostile().map(ApiFuzzTest::encode), rawEscapes());
        Arbitrary<String> pair = Combinators.combine(name, value, Arbitraries.of(true, true, true, false))
                .as((n, v, withValue) -> withValue ? n + "=" + v : n);
        return pair.list().ofMaxSize(6).map(pairs -> String.join("&", pairs));
    }

    /** Values that a client of the API might send. */
    static Arbitrary<String> good() {
        return Arbitraries.of("1m", "5m", "1h", "2026-03-01T00:00:00Z", "2026-03-01", "1772323200000",
                "1772323260000", "binance", "coincap", "kraken", "0", "1", "10", "1000", "BTC,ETH", "pct_change",
                "volume_spike");
    }

    /** Values meant to break a parser, before percent-encoding. */
    static Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                Arbitraries.of("-1", "-0", "NaN", "Infinity", "-Infinity", "1e309", "-1e309", "1e-400", "0x10",
                        "99999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                        "2147483648", "1.5", "1,5", " 1", "+1", "00000000000000000001", "1_000", "١٢٣",
                        "2026-02-30", "2026-03-01T24:00:00Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01",
                        "2026-03-01T00:00:00+25:00", "P1D", "null", "undefined", "true", "[]", "{}", "\"",
                        "' OR 1=1 --", "%", "%%", "\\", "../../etc/passwd", "<script>alert(1)</script>",
                        "${jndi:ldap://x}", "#{1+1}", "\u0000", "\r\n", "\t", " ", "ＢＴＣ", "ß", "İ", "🚀",
                        "\uD83D", "\uFFFF", "a".repeat(10_000), "9".repeat(10_000), "BTC,".repeat(2_000), "a".repeat(5_000),
                        "9".repeat(5_000), "BTC,".repeat(1_000)),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withCharRange('\u0080', '\uFFFD').ofMinLength(1).ofMaxLength(50),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(19).negate(),
                        java.math.BigInteger.TEN.pow(40)).map(String::valueOf));
    }

    /** Percent escapes as sent on the wire, including invalid UTF-8, NUL, encoded separators and stray '%'. */
    static Arbitrary<String> rawEscapes() {
        return Arbitraries.of("%C3%28", "%00", "%FF%FE", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%2F", "%2e%2e",
                "%2F..%2F..%2F", "%25", "%0D%0A", "%E2%82", "%F0%9F%9A%80", "BTC%00",
                "%3Cscript%3E", "%C3%28".repeat(500));
    }

    /** Hostile request headers, with values Java's HTTP client can put on the wire. */
    static Arbitrary<Header> header() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("", " ", "*", "\"x\"", "W/\"x\"", "\"", "*/*;q=NaN", "x".repeat(4_000), "ä",
                        "bytes=0-0", "bytes=-1", "bytes=99999999999999999999-", "bytes=5-1,1-2,3-4",
                        "1772323200000-0", "-1", "99999999999999999999", "abc", "text/html", "application/xml",
                        "application/json;q=0", "text/event-stream", "application/problem+json", "image/*;q=1e309",
                        "\"abc\", W/\"def\", *", "%00", "null"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60));
        return Combinators.combine(
                Arbitraries.of("Accept", "If-None-Match", "If-Match", "If-Modified-Since", "X-API-Key",
                        "Last-Event-ID", "Range", "Accept-Encoding", "Accept-Language", "Content-Type",
                        "X-Forwarded-For", "Origin"),
                value).as(Header::new);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
