package io.coinpulse.query.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.coinpulse.query.testing.MariaDbResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What no HTTP client library will send: malformed request lines, bad versions, binary junk, escapes
 * that are not escapes, raw non-ASCII bytes, and requests beyond the server's limits
 * ({@code quarkus.http.limits.*}). Every one gets a 4xx (400, 413, 414, 431) or a clean close within
 * {@link #ANSWER_TIMEOUT_MS} — never a 5xx, never a stack trace, never a connection left hanging —
 * and an oversized body is refused before it is read.
 */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class RawHttpTest {

    static final int ANSWER_TIMEOUT_MS = 10_000;

    /** The configured limits (application.properties), which these requests exceed. */
    static final int MAX_INITIAL_LINE = 8 * 1024;
    static final int MAX_HEADERS = 16 * 1024;
    static final int MAX_BODY = 16 * 1024;

    private static final Pattern STATUS = Pattern.compile("^HTTP/\\d\\.\\d (\\d{3}) ");

    @TestHTTPResource("/")
    URL base;

    /** The status of the answer, or -1 when the server closed the connection without one. */
    record Answer(int status, String text) {
    }

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of("not HTTP at all", ascii("GARBAGE\r\n\r\n")),
                Arguments.of("a request line without a version", ascii("GET /api/v1/assets\r\n\r\n")),
                Arguments.of("a request line with too many parts", ascii("GET / / HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("an unknown HTTP version", ascii("GET /api/v1/assets HTTP/9.9\r\nHost: x\r\n\r\n")),
                Arguments.of("an unknown minor HTTP version", ascii("GET /api/v1/assets HTTP/1.7\r\nHost: x\r\n\r\n")),
                Arguments.of("HTTP/2 without its preface", ascii("GET /api/v1/assets HTTP/2.0\r\nHost: x\r\n\r\n")),
                Arguments.of("a malformed HTTP version", ascii("GET /api/v1/assets HTTP/one\r\nHost: x\r\n\r\n")),
                Arguments.of("HTTP/0.9", ascii("GET /api/v1/assets\r\n")),
                Arguments.of("a lowercase method", ascii("get /api/v1/assets HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("an unknown method", ascii("BREW /api/v1/assets HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("a header without a colon", ascii("GET /api/v1/assets HTTP/1.1\r\nHost x\r\n\r\n")),
                Arguments.of("a header name with a space",
                        ascii("GET /api/v1/assets HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n")),
                Arguments.of("bare LF line ends", ascii("GET /api/v1/assets HTTP/1.1\nHost: x\n\n")),
                Arguments.of("a NUL in the request line", ascii("GET /api/v1/assets/BT\0C HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("an invalid %u escape in the path",
                        ascii("GET /api/v1/assets/%u0041 HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("a lone % in the path", ascii("GET /api/v1/assets/BTC%/windows HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("a double % in the query",
                        ascii("GET /api/v1/assets/BTC/windows?limit=%%32%35 HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("invalid UTF-8 escapes in path and query",
                        ascii("GET /api/v1/assets/%C3%28/windows?source=%FF%FE&from=%C0%AF HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("raw UTF-8 bytes in the path", utf8("GET /api/v1/assets/🚀Ä HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("raw invalid UTF-8 bytes in the path",
                        concat(ascii("GET /api/v1/assets/"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF},
                                ascii(" HTTP/1.1\r\nHost: x\r\n\r\n"))),
                Arguments.of("raw UTF-8 bytes in the headers",
                        utf8("GET /api/v1/assets/BTC HTTP/1.1\r\nHost: x\r\nX-API-Key: 🚀\r\nLast-Event-ID: ä\r\n"
                                + "If-None-Match: \"\u00ff\"\r\nAccept: ☃/☃\r\n\r\n")),
                Arguments.of("an asterisk target on GET", ascii("GET * HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("a target without a leading slash", ascii("GET api/v1/assets HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("a negative Content-Length",
                        ascii("GET /api/v1/assets HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")),
                Arguments.of("a non-numeric Content-Length",
                        ascii("GET /api/v1/assets HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")),
                Arguments.of("two different Content-Lengths",
                        ascii("POST /api/v1/assets HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")),
                Arguments.of("a bad chunk size",
                        ascii("POST /api/v1/assets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nab\r\n0\r\n\r\n")),
                Arguments.of("binary junk", junk(4096, 1)),
                Arguments.of("binary junk after a request line", concat(ascii("GET / HTTP/1.1\r\n"), junk(2048, 2))),
                Arguments.of("a TLS handshake on the plain port", new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01,
                        0x00, 0x00, (byte) 0xa1, 0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x0a, 0x0d, 0x0a}),
                Arguments.of("an overlong URI", ascii("GET /api/v1/assets/" + "A".repeat(MAX_INITIAL_LINE * 2)
                        + " HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("an overlong query", ascii("GET /api/v1/assets/BTC/windows?from=" + "9".repeat(MAX_INITIAL_LINE)
                        + " HTTP/1.1\r\nHost: x\r\n\r\n")),
                Arguments.of("an overlong header", ascii("GET /api/v1/assets HTTP/1.1\r\nHost: x\r\nX-API-Key: "
                        + "k".repeat(MAX_HEADERS * 2) + "\r\n\r\n")),
                Arguments.of("too many headers", ascii("GET /api/v1/assets HTTP/1.1\r\nHost: x\r\n"
                        + "If-None-Match: \"abcdefghijklmnopqrstuvwxyz\"\r\n".repeat(MAX_HEADERS / 40) + "\r\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void garbageGetsA4xxOrACleanCloseNeverA5xxOrAHang(String what, byte[] request) throws IOException {
        Answer answer = send(request);
        if (answer.status() == -1) {
            assertThat(answer.text()).as("%s: closed, after sending no HTTP answer but", what).isEmpty();
        } else {
            assertThat(answer.status()).as("%s: %s", what, answer.text()).isBetween(400, 499);
        }
        assertThat(answer.text()).as(what).doesNotContainPattern(ApiFuzzTest.LEAK);
    }

    @Test
    void anOverlongUriIs414AndAnOverlongHeader431() throws IOException {
        assertThat(send(ascii("GET /api/v1/assets/" + "A".repeat(MAX_INITIAL_LINE) + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n")).status()).isEqualTo(414);
        assertThat(send(ascii("GET /api/v1/assets HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-API-Key: "
                + "k".repeat(MAX_HEADERS) + "\r\n\r\n")).status()).isEqualTo(431);
        // within the limits the same kinds of request reach the application
        assertThat(send(ascii("GET /api/v1/assets/" + "A".repeat(MAX_INITIAL_LINE / 2) + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n")).status()).isEqualTo(400);
    }

    /**
     * A declared 1 GiB body is refused with 413 from its Content-Length alone: the answer arrives
     * while not one byte of the body has been sent, so none was read into memory.
     */
    @Test
    void aDeclaredOversizedBodyIs413BeforeItIsSent() throws IOException {
        Answer answer = send(ascii("POST /api/v1/assets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1073741824\r\n\r\n"));
        assertThat(answer.status()).as(answer.text()).isEqualTo(413);
    }

    /**
     * A chunked body without a declared length is never read whole: the server answers (405: no
     * resource takes a body; 413 past the limit) or closes while the client still has most of
     * 64 MiB to send.
     */
    @Test
    void anEndlessChunkedBodyIsNotRead() throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(ANSWER_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST /api/v1/assets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"));
            byte[] chunk = concat(ascii(Integer.toHexString(64 * 1024) + "\r\n"), new byte[64 * 1024], ascii("\r\n"));
            long sent = 0;
            long total = 64L * 1024 * 1024;
            try {
                while (sent < total) {
                    out.write(chunk);
                    sent += 64 * 1024;
                    if (socket.getInputStream().available() > 0) {
                        break;
                    }
                }
            } catch (SocketException refused) {
                // the server closed the connection: it read no further
            }
            assertThat(sent).as("bytes of body sent before the server answered or closed").isLessThan(total / 2);
            Answer answer = read(socket.getInputStream());
            if (answer.status() != -1) {
                assertThat(answer.status()).as(answer.text()).isIn(405, 413);
            }
        }
    }

    /** A body within the limit, sent to a resource that takes none, is a 405 problem. */
    @Test
    void aSmallBodyToAReadOnlyResourceIs405() throws IOException {
        String body = "{\"x\":1}";
        Answer answer = send(ascii("POST /api/v1/assets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
        assertThat(answer.status()).as(answer.text()).isEqualTo(405);
        assertThat(answer.text()).contains("application/problem+json");
    }

    private Answer send(byte[] request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(ANSWER_TIMEOUT_MS);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (SocketException closed) {
                // the server may close while a long request is still being written; read what it said
            }
            return read(socket.getInputStream());
        }
    }

    /** The status line, headers and (Content-Length) body of one answer; -1 for a close without one. */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                seen.write(b);
                String text = seen.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(text);
                    int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
                    seen.write(in.readNBytes(Math.min(body, 1 << 20) - (text.length() - end - 4)));
                    break;
                }
            }
        } catch (SocketTimeoutException hung) {
            throw new AssertionError("no answer and no close within " + ANSWER_TIMEOUT_MS + " ms; got: " + seen, hung);
        } catch (SocketException reset) {
            // a reset is a close
        }
        String text = seen.toString(StandardCharsets.UTF_8);
        Matcher status = STATUS.matcher(text);
        return new Answer(status.find() ? Integer.parseInt(status.group(1)) : -1, text);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] junk(int length, long seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
