package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.service.FinalSeries;
import io.coinpulse.query.testing.Fixtures;
import io.coinpulse.query.testing.KnownRows;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Content negotiation of gzip (issue 7): a cached final series is sent as its stored gzip bytes to a
 * client that accepts gzip, with its own ETag, {@code Vary: Accept-Encoding} and 304 for either tag;
 * a client without gzip gets the plain JSON, byte for byte what it got before. The JDK's HttpClient
 * sends exactly the headers given and never decodes, so the bytes on the wire are what is asserted;
 * it speaks HTTP/1.1 as browsers, curl and the benchmark do without TLS (HTTP/2 has its own test).
 */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class CompressionTest {

    /** T0 .. T0+6m of BTC: all final in the fixtures, a closed range, so cached with its gzip bytes. */
    private static final String FINAL = "/api/v1/assets/BTC/windows?from=" + T0 + "&to=" + (T0 + 6 * MINUTE);
    /** An open range: rendered per request, compressed by the HTTP server. */
    private static final String OPEN = "/api/v1/assets/BTC/windows?from=" + T0;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final HttpClient HTTP2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    KnownRows rows;

    @Inject
    FinalSeries finalSeries;

    @BeforeEach
    void loadKnownRows() {
        rows.load();
    }

    @Test
    void aCachedFinalSeriesIsSentAsItsStoredGzipWhichDecodesToThePlainBodyByteForByte() throws Exception {
        HttpResponse<byte[]> plain = get(FINAL, null, null);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"" + sha256Tag(plain.body()) + "\"");
        assertThat(finalSeries.size()).isEqualTo(1);

        HttpResponse<byte[]> zipped = get(FINAL, "gzip, deflate, br", null);
        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(zipped.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        assertThat(zipped.headers().firstValue("ETag")).contains(etag.substring(0, etag.length() - 1) + "-gzip\"");
        assertThat(zipped.headers().firstValue("Cache-Control")).contains("max-age=3600");
        assertThat(zipped.headers().firstValueAsLong("Content-Length")).hasValue(zipped.body().length);
        assertThat(zipped.body().length).isLessThan(plain.body().length / 2);
        assertSameBytes(gunzip(zipped.body()), plain.body());
        // the stored bytes, not a compression per request: the same bytes again
        assertSameBytes(get(FINAL, "gzip", null).body(), zipped.body());
        JsonNode series = JSON.readTree(gunzip(zipped.body()));
        assertThat(series.get("windows")).hasSize(6);
        assertThat(series.get("windows").get(0).get("close").asDouble())
                .isEqualTo(Fixtures.row("binance", "BTC", "1m", T0).window().close());
    }

    @Test
    void theFirstRequestOfAFinalSeriesIsServedGzipToo() throws Exception {
        HttpResponse<byte[]> zipped = get(FINAL, "gzip", null);
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(zipped.headers().firstValue("ETag").orElseThrow()).endsWith("-gzip\"");
        assertSameBytes(gunzip(zipped.body()), get(FINAL, null, null).body());
    }

    @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "none | identity",
            "gzip | gzip",
            "'gzip, deflate' | gzip",
            "gzip;q=0 | identity",
            "identity | identity",
            "'gzip;q=0.5, identity' | identity",
            "'identity;q=0.5, gzip' | gzip",
            "'identity;q=0, gzip;q=0.1' | gzip",
            "br | identity",
            "deflate | identity"})
    void qValuesDecideTheEncoding(String acceptEncoding, String expected) throws Exception {
        byte[] plain = get(FINAL, null, null).body();
        HttpResponse<byte[]> answer = get(FINAL, acceptEncoding, null);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        if ("gzip".equals(expected)) {
            assertThat(answer.headers().firstValue("Content-Encoding")).contains("gzip");
            assertSameBytes(gunzip(answer.body()), plain);
        } else {
            assertThat(answer.headers().firstValue("Content-Encoding")).isEmpty();
            assertSameBytes(answer.body(), plain);
        }
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}, If-None-Match: {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            // the tag of the representation asked for
            "none | plain | plain",
            "gzip | gzip | gzip",
            // the other representation: the same content, just as current; the 304 names the tag held
            "gzip | plain | plain",
            "none | gzip | gzip",
            // both held: the one this request would get
            "gzip | both | gzip",
            "none | both | plain",
            "gzip | any | gzip"})
    void eitherTagIsNotModifiedForEitherRepresentation(String acceptEncoding, String held, String answered)
            throws Exception {
        String plainTag = get(FINAL, null, null).headers().firstValue("ETag").orElseThrow();
        String gzipTag = get(FINAL, "gzip", null).headers().firstValue("ETag").orElseThrow();
        assertThat(gzipTag).isEqualTo(plainTag.substring(0, plainTag.length() - 1) + "-gzip\"");
        String ifNoneMatch = switch (held) {
            case "plain" -> plainTag;
            case "gzip" -> gzipTag;
            case "both" -> plainTag + ", " + gzipTag;
            default -> "*";
        };
        HttpResponse<byte[]> answer = get(FINAL, acceptEncoding, ifNoneMatch);
        assertThat(answer.statusCode()).isEqualTo(304);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.headers().firstValue("ETag")).contains("plain".equals(answered) ? plainTag : gzipTag);
        assertThat(answer.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        assertThat(answer.headers().firstValue("Cache-Control")).contains("max-age=3600");
        // a tag of another content is no match, whichever representation
        assertThat(get(FINAL, acceptEncoding, "\"" + "x".repeat(27) + "-gzip\"").statusCode()).isEqualTo(200);
    }

    @Test
    void ifMatchAcceptsEitherTagAndRefusesAnyOther() throws Exception {
        String plainTag = get(FINAL, null, null).headers().firstValue("ETag").orElseThrow();
        String gzipTag = get(FINAL, "gzip", null).headers().firstValue("ETag").orElseThrow();
        assertThat(send(FINAL, "gzip", "If-Match", plainTag).statusCode()).isEqualTo(200);
        assertThat(send(FINAL, null, "If-Match", gzipTag).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> refused = send(FINAL, "gzip", "If-Match", "\"other\"");
        assertThat(refused.statusCode()).isEqualTo(412);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void anUncachedSeriesIsCompressedByTheServerWithItsOwnTag() throws Exception {
        HttpResponse<byte[]> plain = get(OPEN, null, null);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body().length).isGreaterThanOrEqualTo(HttpCaching.MIN_GZIP_BYTES);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Cache-Control")).contains("max-age=5");
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"" + sha256Tag(plain.body()) + "\"");

        HttpResponse<byte[]> zipped = get(OPEN, "gzip", null);
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(zipped.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        assertThat(zipped.headers().firstValue("ETag")).contains(etag.substring(0, etag.length() - 1) + "-gzip\"");
        assertSameBytes(gunzip(zipped.body()), plain.body());
        assertThat(finalSeries.size()).isZero();
        assertThat(get(OPEN, "gzip", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void aBodyUnderOneKibibyteIsNeverCompressed() throws Exception {
        HttpResponse<byte[]> plain = get("/api/v1/assets/BTC", null, null);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body().length).isLessThan(HttpCaching.MIN_GZIP_BYTES);
        HttpResponse<byte[]> asked = get("/api/v1/assets/BTC", "gzip", null);
        assertThat(asked.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(asked.headers().allValues("Vary")).isEmpty();
        assertThat(asked.headers().firstValue("ETag")).isEqualTo(plain.headers().firstValue("ETag"));
        assertSameBytes(asked.body(), plain.body());
    }

    @Test
    void theCacheWeighsThePlainAndTheGzipBytesOfAnEntry() throws Exception {
        byte[] plain = get(FINAL, null, null).body();
        byte[] zipped = get(FINAL, "gzip", null).body();
        assertThat(finalSeries.size()).isEqualTo(1);
        assertThat(finalSeries.weightedBytes())
                .isEqualTo(plain.length + zipped.length + FinalSeries.ENTRY_OVERHEAD_BYTES);
    }

    @Test
    void overHttp2TheGzipRepresentationIsTheSameContent() throws Exception {
        byte[] plain = get(FINAL, null, null).body();
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> zipped = HTTP2.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(FINAL))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zipped.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
            assertThat(zipped.headers().firstValue("ETag").orElseThrow()).endsWith("-gzip\"");
            assertSameBytes(gunzip(zipped.body()), plain);
        }
    }

    private HttpResponse<byte[]> get(String path, String acceptEncoding, String ifNoneMatch) throws Exception {
        return send(path, acceptEncoding, ifNoneMatch == null ? null : "If-None-Match", ifNoneMatch);
    }

    private HttpResponse<byte[]> send(String path, String acceptEncoding, String conditional, String tag)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        if (conditional != null) {
            request.header(conditional, tag);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Equal bytes; a difference is shown as text, not as thousands of numbers. */
    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(java.util.Arrays.equals(actual, expected))
                .as("%d bytes %s%nexpected %d bytes %s", actual.length,
                        new String(actual, 0, Math.min(120, actual.length), java.nio.charset.StandardCharsets.ISO_8859_1),
                        expected.length,
                        new String(expected, 0, Math.min(120, expected.length), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isTrue();
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    /** The ETag the service computed before gzip existed: the first 27 characters of the body's SHA-256. */
    private static String sha256Tag(byte[] body) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27);
    }
}
