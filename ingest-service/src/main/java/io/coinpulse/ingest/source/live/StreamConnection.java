package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.metrics.SourceMeters;
import io.coinpulse.ingest.source.SourceStatus;
import io.coinpulse.ingest.source.SourceStatus.State;
import io.quarkus.logging.Log;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.smallrye.faulttolerance.api.Guard;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One supervised WebSocket connection of a live source (Quarkus WebSockets Next client), on its own thread.
 *
 * <ul>
 * <li>Connects, sends the subscription messages, and counts the attempt a success once a message arrived and
 * the connection stayed open {@code coinpulse.ingest.live.retry.stable-after}; a refused, failed, silent or
 * flapping attempt is retried with exponential backoff and jitter ({@link Retries}).</li>
 * <li>Every text message goes, stamped with its arrival time, to the source's {@link FrameSink} (from the event
 * loop, never blocking it).</li>
 * <li>Pings: the WebSocket client answers the server's ping frames with pongs carrying the same payload (as
 * Binance requires within a minute).</li>
 * <li>Silence (a stall): no message for {@code silenceTimeout}, on an established connection or a new one, and
 * the connection is taken as dead, closed and replaced, and counted ({@code coinpulse.ingest.stalls}). Where the API has a request it answers (Binance's {@code LIST_SUBSCRIPTIONS}), it is sent every
 * third of that time, so quiet streams on a healthy connection are not mistaken for a dead one.</li>
 * <li>A message longer than {@code coinpulse.ingest.max-frame-bytes} (the WebSocket client's frame and message
 * limit) is refused unread by the client, which closes the connection with code 1009: it goes to the DLQ as
 * {@code oversized} (a description: its text was never read) and the connection is replaced; memory stays
 * bounded by the limit.</li>
 * <li>A lost connection is replaced at once (then with backoff if that fails). An expiring one
 * ({@code maxLife}) or one whose server announced its shutdown is replaced make-before-break: the new
 * connection is established first, then the old one closed, so no message is missed (the overlap may repeat
 * a few, with the same ids: downstream counts a {@code (source, id)} once).</li>
 * </ul>
 */
public final class StreamConnection implements LivePart {

    private static final long POLL_MILLIS = 50;

    /** RFC 6455 close code: a message too big to process. */
    private static final int MESSAGE_TOO_BIG = 1009;

    /** A connection attempt that stalled: connected, then no message within the silence timeout. */
    private static final class SilentException extends IOException {
        SilentException(String message) {
            super(message);
        }
    }

    private enum End {
        CLOSED, SILENT, EXPIRED, SHUTDOWN_NOTICE
    }

    private final String source;
    private final StreamEndpoint endpoint;
    private final FrameSink sink;
    private final IngestConfig.Live live;
    private final int maxFrameBytes;
    private final SourceMeters meters;
    private final Secrets secrets;
    private final Thread supervisor;
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private volatile boolean stopped;
    private volatile Session current;
    private volatile SourceStatus status = SourceStatus.of(State.IDLE, "not started");

    public StreamConnection(String source, StreamEndpoint endpoint, FrameSink sink, IngestConfig config,
            SourceMeters meters, Secrets secrets) {
        this.source = source;
        this.endpoint = endpoint;
        this.sink = sink;
        this.live = config.live();
        this.maxFrameBytes = config.maxFrameBytes();
        this.meters = meters;
        this.secrets = secrets;
        this.supervisor = new Thread(this::supervise, "ingest-" + source + "-ws");
        this.supervisor.setDaemon(true);
    }

    /**
     * Whether {@code endpoint} accepts a WebSocket handshake within {@code timeout}: empty when it does, else
     * why not (scrubbed of secrets). The connection is closed at once.
     */
    public static Optional<String> probe(StreamEndpoint endpoint, Duration timeout, Secrets secrets) {
        BasicWebSocketConnector connector = connector(endpoint);
        try {
            WebSocketClientConnection connection = connector.connect().await().atMost(timeout);
            closeQuietly(connection);
            return Optional.empty();
        } catch (io.smallrye.mutiny.TimeoutException e) {
            return Optional.of("no WebSocket handshake with " + endpoint.label() + " within " + timeout.toMillis() + " ms");
        } catch (RuntimeException e) {
            return Optional.of(endpoint.label() + ": " + secrets.describe(e));
        }
    }

    @Override
    public void start() {
        status = SourceStatus.of(State.STARTING, "connecting to " + endpoint.label());
        supervisor.start();
    }

    @Override
    public void stop() {
        stopped = true;
        supervisor.interrupt();
        try {
            supervisor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public SourceStatus status() {
        SourceStatus now = status;
        Session session = current;
        if (now.state() == State.RUNNING && session != null) {
            return SourceStatus.of(State.RUNNING, now.detail() + String.format(", last message %.1f s ago",
                    (System.nanoTime() - session.lastMessageNanos) / 1e9));
        }
        return now;
    }

    private void supervise() {
        Guard guard = Retries.backoff(source + " " + endpoint.label(), live.retry(),
                failure -> !stopped && !(failure instanceof StoppedException) && !(failure instanceof InterruptedException),
                this::beforeRetry).build();
        Session previous = null;
        try {
            while (!stopped) {
                Session session = guard.call(this::open, Session.class);
                failedAttempts.set(0);
                if (previous != null) {
                    previous.close();
                    previous = null;
                }
                current = session;
                status = SourceStatus.of(State.RUNNING, "connected to " + endpoint.label() + " since " + Instant.now());
                End end = session.awaitEnd();
                meters.reconnecting();
                if (end == End.SILENT) {
                    meters.stalled();
                }
                String why = session.describe(end);
                if (end == End.EXPIRED || end == End.SHUTDOWN_NOTICE) {
                    Log.infof("source %s: %s: %s; opening a new connection before closing it", source, endpoint.label(), why);
                    previous = session;
                } else {
                    Log.warnf("source %s: %s: %s; reconnecting", source, endpoint.label(), why);
                    status = SourceStatus.of(State.RETRYING, endpoint.label() + ": " + why + "; reconnecting");
                    session.close();
                }
            }
        } catch (StoppedException | InterruptedException e) {
            // stopping
        } catch (Exception e) {
            if (!stopped) {
                Log.errorf("source %s: %s: gave up: %s", source, endpoint.label(), secrets.describe(e));
                status = SourceStatus.of(State.FAILED, endpoint.label() + ": " + secrets.describe(e));
                return;
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
            Session last = current;
            if (last != null) {
                last.close();
            }
        }
        status = SourceStatus.of(State.STOPPED, "stopped");
    }

    private void beforeRetry(Throwable failure) {
        int attempt = failedAttempts.incrementAndGet();
        meters.reconnecting();
        if (failure instanceof SilentException) {
            meters.stalled();
        }
        String why = secrets.describe(failure);
        status = SourceStatus.of(State.RETRYING, endpoint.label() + ": attempt " + attempt + " failed at " + Instant.now()
                + ": " + why + "; retrying with backoff");
        Log.warnf("source %s: %s: attempt %d failed: %s; retrying with backoff", source, endpoint.label(), attempt, why);
    }

    /** One connection attempt; returns once the connection is established (see the class comment). */
    private Session open() throws Exception {
        if (stopped) {
            throw new StoppedException();
        }
        Session session = new Session();
        BasicWebSocketConnector connector = connector(endpoint)
                .onTextMessage((connection, message) -> session.onText(message))
                .onClose((connection, reason) -> session.onClose(reason))
                .onError((connection, failure) -> session.onError(failure));
        try {
            session.connection = connector.connect().await().atMost(live.connectTimeout());
        } catch (io.smallrye.mutiny.TimeoutException e) {
            throw new IOException("no WebSocket handshake within " + live.connectTimeout().toMillis() + " ms");
        }
        session.openedNanos = System.nanoTime();
        try {
            for (String message : endpoint.subscribe()) {
                session.connection.sendTextAndAwait(message);
            }
            if (endpoint.keepAlive().isPresent()) {
                // its answer is the first message even when the subscribed streams are quiet
                session.connection.sendTextAndAwait(endpoint.keepAlive().get());
            }
            session.awaitFirstMessage();
            session.awaitStable();
            return session;
        } catch (Exception e) {
            session.close();
            throw e;
        }
    }

    /**
     * A WebSockets Next connector for the endpoint, callbacks on the event loop. The URI is split: the
     * connector appends the path to its base URI's path with a slash between ({@code /stream} would become
     * {@code /stream/}), so the base URI carries only scheme, host, port and query, and the path goes apart.
     */
    private static BasicWebSocketConnector connector(StreamEndpoint endpoint) {
        URI uri = endpoint.uri();
        URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        BasicWebSocketConnector connector = BasicWebSocketConnector.create().baseUri(base)
                .path(uri.getRawPath() == null ? "" : uri.getRawPath())
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING);
        endpoint.headers().forEach(connector::addHeader);
        return connector;
    }

    private static void closeQuietly(WebSocketClientConnection connection) {
        try {
            if (connection != null && connection.isOpen()) {
                connection.close().await().atMost(Duration.ofSeconds(3));
            }
        } catch (RuntimeException e) {
            Log.debugf("closing a WebSocket connection: %s", e);
        }
    }

    /** The state of one connection, written by its event-loop callbacks and read by the supervisor. */
    private final class Session {

        volatile WebSocketClientConnection connection;
        volatile long openedNanos = System.nanoTime();
        volatile long lastMessageNanos = System.nanoTime();
        final CountDownLatch firstMessage = new CountDownLatch(1);
        volatile boolean closed;
        volatile CloseReason closeReason;
        volatile Throwable error;
        volatile boolean shutdownNotice;
        final AtomicBoolean oversizedReported = new AtomicBoolean();

        void onText(String message) {
            long receivedAt = System.currentTimeMillis();
            lastMessageNanos = System.nanoTime();
            if (endpoint.shutdownNotice().test(message)) {
                shutdownNotice = true;
            }
            sink.accept(message, receivedAt);
            firstMessage.countDown();
        }

        void onError(Throwable failure) {
            error = failure;
            if (failure instanceof CorruptedWebSocketFrameException corrupted
                    && corrupted.closeStatus() != null && corrupted.closeStatus().code() == MESSAGE_TOO_BIG) {
                oversized(corrupted.getMessage());
            }
        }

        void onClose(CloseReason reason) {
            closeReason = reason;
            if (reason != null && reason.getCode() == MESSAGE_TOO_BIG) {
                oversized("close code " + MESSAGE_TOO_BIG
                        + (reason.getMessage() == null || reason.getMessage().isBlank() ? "" : " " + reason.getMessage()));
            }
            closed = true;
        }

        /**
         * The WebSocket client refused a message longer than max-frame-bytes (Netty's decoder: close code 1009,
         * message too big) without reading it: once per connection, a DLQ record saying so takes its place among
         * the frames; the connection is lost and replaced like any other.
         */
        void oversized(String why) {
            if (oversizedReported.compareAndSet(false, true)) {
                lastMessageNanos = System.nanoTime();
                sink.oversized("a WebSocket message from " + endpoint.label() + " longer than coinpulse.ingest.max-frame-bytes="
                        + maxFrameBytes + " was refused unread (" + why + "); the connection is replaced", "",
                        System.currentTimeMillis());
            }
        }

        void awaitFirstMessage() throws Exception {
            long deadline = openedNanos + endpoint.silenceTimeout().toNanos();
            while (!firstMessage.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                checkStopped();
                if (closed) {
                    throw new IOException("closed before the first message (" + closeText() + ")");
                }
                if (System.nanoTime() > deadline) {
                    throw new SilentException("no message within " + endpoint.silenceTimeout().toMillis()
                            + " ms of connecting");
                }
            }
        }

        void awaitStable() throws Exception {
            long stableAt = openedNanos + live.retry().stableAfter().toNanos();
            while (System.nanoTime() < stableAt) {
                checkStopped();
                if (closed) {
                    throw new IOException("closed " + ageText() + " after connecting (" + closeText() + ")");
                }
                if (silent()) {
                    throw new SilentException("silent for " + endpoint.silenceTimeout().toMillis() + " ms after connecting");
                }
                Thread.sleep(POLL_MILLIS);
            }
        }

        End awaitEnd() throws Exception {
            long expiresAt = endpoint.maxLife().map(life -> openedNanos + life.toNanos()).orElse(Long.MAX_VALUE);
            long keepAliveNanos = endpoint.silenceTimeout().toNanos() / 3;
            long keptAlive = System.nanoTime();
            while (true) {
                checkStopped();
                if (endpoint.keepAlive().isPresent() && System.nanoTime() - keptAlive >= keepAliveNanos) {
                    keptAlive = System.nanoTime();
                    connection.sendText(endpoint.keepAlive().get()).subscribe().with(ok -> { },
                            failure -> Log.debugf("source %s: keep-alive not sent: %s", source, failure));
                }
                if (closed) {
                    return End.CLOSED;
                }
                if (shutdownNotice) {
                    return End.SHUTDOWN_NOTICE;
                }
                if (silent()) {
                    return End.SILENT;
                }
                if (System.nanoTime() - expiresAt >= 0) {
                    return End.EXPIRED;
                }
                Thread.sleep(POLL_MILLIS);
            }
        }

        boolean silent() {
            return System.nanoTime() - lastMessageNanos > endpoint.silenceTimeout().toNanos();
        }

        String describe(End end) {
            return switch (end) {
                case CLOSED -> "connection lost after " + ageText() + " (" + closeText() + ")";
                case SILENT -> "no message for " + endpoint.silenceTimeout().toMillis() + " ms, taken as dead";
                case EXPIRED -> "connection " + ageText() + " old, past its maximum life";
                case SHUTDOWN_NOTICE -> "the server announced its shutdown";
            };
        }

        String closeText() {
            CloseReason reason = closeReason;
            Throwable failure = error;
            String text = reason == null ? "closed" : "close code " + reason.getCode()
                    + (reason.getMessage() == null || reason.getMessage().isBlank() ? "" : " " + reason.getMessage());
            return failure == null ? text : text + ", " + secrets.describe(failure);
        }

        String ageText() {
            return String.format("%.1f s", (System.nanoTime() - openedNanos) / 1e9);
        }

        void close() {
            closeQuietly(connection);
        }

        private void checkStopped() throws StoppedException {
            if (stopped) {
                throw new StoppedException();
            }
        }
    }
}
