package io.coinpulse.ingest.source.live;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One WebSocket connection a live source keeps open.
 *
 * @param label          what it is for people: host, path and what it streams; never a key
 * @param uri            where to connect (may carry a key in its query: never logged)
 * @param headers        request headers of the handshake
 * @param subscribe      text messages sent right after the handshake, in order
 * @param silenceTimeout no message for this long: the connection is taken as dead and replaced
 * @param maxLife        replace the connection after this long (make-before-break), if set
 * @param shutdownNotice recognises a message announcing the server will close the connection soon: it is
 *                       replaced at once (make-before-break)
 * @param keepAlive      a request the server answers, sent every third of {@code silenceTimeout} so that a
 *                       healthy connection whose streams are quiet is never taken as silent; if set
 */
public record StreamEndpoint(String label, URI uri, Map<String, String> headers, List<String> subscribe,
        Duration silenceTimeout, Optional<Duration> maxLife, Predicate<String> shutdownNotice,
        Optional<String> keepAlive) {

    public StreamEndpoint {
        if (silenceTimeout.isNegative() || silenceTimeout.isZero()) {
            throw new IllegalStateException(label + ": the silence timeout must be positive, got " + silenceTimeout);
        }
        headers = Map.copyOf(headers);
        subscribe = List.copyOf(subscribe);
    }

    /** An endpoint without life limit, shutdown notice or keep-alive. */
    public static StreamEndpoint of(String label, URI uri, Map<String, String> headers, List<String> subscribe,
            Duration silenceTimeout) {
        return new StreamEndpoint(label, uri, headers, subscribe, silenceTimeout, Optional.empty(), frame -> false,
                Optional.empty());
    }

    /** {@code scheme://host[:port]/path} of a URI: what may be shown (no query, no user info). */
    public static String display(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
