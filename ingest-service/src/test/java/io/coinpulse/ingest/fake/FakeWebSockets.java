package io.coinpulse.ingest.fake;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A local WebSocket server standing in for the exchanges' streams (no public API is reachable from the tests):
 * one {@link Stream} per path, each with its open connections, what they sent, scripted greetings, periodic
 * heartbeats and answers, and switches to go silent or refuse handshakes. Plain Vert.x, its own instance.
 */
public final class FakeWebSockets implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final HttpServer server;

    public FakeWebSockets() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setMaxWebSocketFrameSize(1 << 24).setMaxWebSocketMessageSize(1 << 24));
        server.requestHandler(request -> {
            Stream stream = streams.get(request.path());
            if (stream == null) {
                request.response().setStatusCode(404).end();
                return;
            }
            int refuse = stream.refuseWith;
            if (refuse > 0 || !stream.accepts.test(request.query() == null ? "" : request.query())) {
                request.response().setStatusCode(refuse > 0 ? refuse : 401).end();
                return;
            }
            HttpConnection tcp = request.connection();
            request.toWebSocket().onSuccess(ws -> stream.opened(ws, request.query(), tcp));
        });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake WebSocket server did not start", e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code ws://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    /** The stream served at {@code path} (created on first use). */
    public Stream stream(String path) {
        return streams.computeIfAbsent(path, Stream::new);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** One connection as the server saw it. */
    public static final class Connection {

        private final ServerWebSocket ws;
        private final HttpConnection tcp;
        private final String query;
        private final long openedAt = System.nanoTime();
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final List<String> pongs = new CopyOnWriteArrayList<>();
        private volatile long closedAt;
        private volatile boolean closedByServer;

        Connection(ServerWebSocket ws, String query, HttpConnection tcp) {
            this.ws = ws;
            this.tcp = tcp;
            this.query = query;
        }

        public String query() {
            return query;
        }

        /** Text messages the client sent, in order. */
        public List<String> received() {
            return received;
        }

        /** Payloads of the pongs the client sent. */
        public List<String> pongs() {
            return pongs;
        }

        public boolean open() {
            return closedAt == 0;
        }

        public long openedAt() {
            return openedAt;
        }

        /** {@link System#nanoTime} when it closed, 0 while open. */
        public long closedAt() {
            return closedAt;
        }

        /** Whether the client closed it (not this server). */
        public boolean closedByClient() {
            return closedAt != 0 && !closedByServer;
        }

        public void send(String text) {
            if (open()) {
                ws.writeTextMessage(text);
            }
        }

        public void ping(String payload) {
            ws.writePing(Buffer.buffer(payload));
        }

        /** Drops the connection the hard way: the TCP connection closes without a close handshake. */
        public void drop() {
            closedByServer = true;
            tcp.close();
        }
    }

    /** The fake of one stream endpoint. */
    public final class Stream {

        private final String path;
        private final List<Connection> connections = new CopyOnWriteArrayList<>();
        private volatile List<String> greeting = List.of();
        private volatile Map<String, String> answers = Map.of();
        private volatile String heartbeat;
        private volatile boolean silent;
        private volatile int refuseWith;
        private volatile Predicate<String> accepts = query -> true;
        private long heartbeatTimer = -1;

        Stream(String path) {
            this.path = path;
        }

        /** Frames sent to every new connection right after the handshake. */
        public Stream greeting(String... frames) {
            greeting = List.of(frames);
            return this;
        }

        /** A client message containing a key gets the value as answer (unless silent). */
        public Stream answers(Map<String, String> answers) {
            this.answers = Map.copyOf(answers);
            return this;
        }

        /** A frame sent to every open connection every {@code period} (unless silent). */
        public synchronized Stream heartbeat(String frame, Duration period) {
            heartbeat = frame;
            if (heartbeatTimer < 0) {
                heartbeatTimer = vertx.setPeriodic(period.toMillis(), id -> {
                    if (!silent && heartbeat != null) {
                        connections.forEach(c -> c.send(heartbeat));
                    }
                });
            }
            return this;
        }

        /** Only handshakes whose query passes are accepted (others get 401). */
        public Stream accepts(Predicate<String> query) {
            accepts = query;
            return this;
        }

        /** Silent: no greeting, heartbeat or answer goes out (what a stalled upstream looks like). */
        public void silent(boolean silent) {
            this.silent = silent;
        }

        /** Handshakes answered with this HTTP status instead of an upgrade; 0 accepts again. */
        public void refuseWith(int status) {
            refuseWith = status;
        }

        public List<Connection> connections() {
            return connections;
        }

        public List<Connection> open() {
            return connections.stream().filter(Connection::open).toList();
        }

        /** Sends to every open connection whose query contains {@code queryPart}. */
        public void send(String queryPart, String frame) {
            open().stream().filter(c -> c.query() != null && c.query().contains(queryPart)).forEach(c -> c.send(frame));
        }

        /** Sends to every open connection. */
        public void sendAll(String frame) {
            open().forEach(c -> c.send(frame));
        }

        void opened(ServerWebSocket ws, String query, HttpConnection tcp) {
            Connection connection = new Connection(ws, query, tcp);
            connections.add(connection);
            ws.textMessageHandler(text -> {
                connection.received.add(text);
                if (!silent) {
                    answers.forEach((key, answer) -> {
                        if (text.contains(key)) {
                            connection.send(answer);
                        }
                    });
                }
            });
            ws.pongHandler(payload -> connection.pongs.add(payload.toString()));
            ws.closeHandler(v -> connection.closedAt = System.nanoTime());
            if (!silent) {
                greeting.forEach(connection::send);
            }
        }

        @Override
        public String toString() {
            return path + " " + connections.size() + " connections";
        }
    }
}
