package io.coinpulse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for Binance's combined market stream ({@code ws://127.0.0.1:<port>/stream?streams=…}): no public
 * exchange is reachable from the tests. While a client is connected it streams {@value #FRAMES_PER_TICK} frames every
 * {@value #TICK_MILLIS} ms, built on the real frames of {@code ../shared/fixtures/sources}: {@code binance_trade.json}
 * trades and {@code binance_miniticker_arr.json} mini-tickers, cycling through the symbols, each with a fresh trade
 * id, event time (the wall clock, strictly increasing per symbol), price (around the fixture's close) and size; every
 * {@value #INVALID_EVERY}th is a trade with a negative price, an invalid frame for the DLQ. It records, per
 * connection and in order, what it wrote; nothing is written while no client is connected.
 */
final class FakeBinance implements AutoCloseable {

    static final int TICK_MILLIS = 20;
    static final int FRAMES_PER_TICK = 2;
    static final int QUOTE_EVERY = 10;
    static final int INVALID_EVERY = 50;
    private static final String LIST_SUBSCRIPTIONS = "LIST_SUBSCRIPTIONS";

    /**
     * A frame written to a connection: the tick ingest should make of it ({@code valid}) or the invalid trade's id.
     *
     * @param id {@code binance:<SYMBOL>:<trade id>}, or {@code binance:<SYMBOL>:m<event time>} for a mini-ticker
     * @param size null for a mini-ticker (a quote)
     */
    record Sent(int connection, String id, boolean valid, String kind, String asset, double price, Double size,
            long eventTime) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<String> symbols;
    private final ObjectNode trade;
    private final Map<String, ObjectNode> miniTickers = new HashMap<>();
    private final List<List<Sent>> connections = new CopyOnWriteArrayList<>();
    private final Map<String, Long> lastEventTime = new HashMap<>();
    private ServerWebSocket current;
    private int currentIndex = -1;
    private boolean paused;
    private long sequence;

    /** Starts the server on a free port and the stream's timer; {@code symbols} as Binance spells them: BTCUSDT. */
    FakeBinance(Path fixtures, List<String> symbols) throws IOException {
        this.symbols = List.copyOf(symbols);
        this.trade = (ObjectNode) json.readTree(fixtures.resolve("binance_trade.json").toFile());
        for (JsonNode ticker : json.readTree(fixtures.resolve("binance_miniticker_arr.json").toFile())) {
            miniTickers.put(ticker.path("s").asText(), (ObjectNode) ticker);
        }
        for (String symbol : symbols) {
            if (!miniTickers.containsKey(symbol)) {
                throw new IllegalArgumentException(symbol + " is not in binance_miniticker_arr.json");
            }
        }
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        server.requestHandler(request -> {
            if (!"/stream".equals(request.path())) {
                request.response().setStatusCode(404).end();
                return;
            }
            request.toWebSocket().onSuccess(this::opened);
        });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the fake Binance server did not start", e);
        }
        vertx.setPeriodic(TICK_MILLIS, id -> stream());
    }

    /** The base URL ingest's {@code coinpulse.ingest.binance.url} takes. */
    String url() {
        return "ws://127.0.0.1:" + server.actualPort();
    }

    /** Connections opened so far: the index the next one gets. */
    synchronized int connectionCount() {
        return connections.size();
    }

    /** What was written on the connections {@code from} (inclusive) to {@code to} (exclusive), in order. */
    synchronized List<Sent> sent(int from, int to) {
        List<Sent> sent = new ArrayList<>();
        connections.subList(from, to).forEach(sent::addAll);
        return sent;
    }

    /** Stops (true) or resumes the stream; connections stay open. */
    synchronized void pause(boolean pause) {
        paused = pause;
    }

    private synchronized void opened(ServerWebSocket ws) {
        connections.add(new CopyOnWriteArrayList<>());
        current = ws;
        currentIndex = connections.size() - 1;
        ws.textMessageHandler(text -> {
            if (text.contains(LIST_SUBSCRIPTIONS)) {
                ws.writeTextMessage("{\"result\":[],\"id\":1}");
            }
        });
        ws.closeHandler(v -> closed(ws));
    }

    private synchronized void closed(ServerWebSocket ws) {
        if (current == ws) {
            current = null;
        }
    }

    private synchronized void stream() {
        for (int i = 0; i < FRAMES_PER_TICK && !paused && current != null && !current.isClosed(); i++) {
            String symbol = symbols.get((int) (sequence % symbols.size()));
            long eventTime = Math.max(System.currentTimeMillis(), lastEventTime.getOrDefault(symbol, 0L) + 1);
            lastEventTime.put(symbol, eventTime);
            boolean quote = sequence % QUOTE_EVERY == QUOTE_EVERY / 2;
            boolean invalid = sequence % INVALID_EVERY == INVALID_EVERY - 1;
            String price = price(symbol, sequence);
            String size = String.format(Locale.ROOT, "%.8f", trade.path("q").asDouble() * (1 + sequence % 7));
            String asset = symbol.substring(0, symbol.length() - "USDT".length());
            Sent sent;
            String frame;
            if (quote) {
                ObjectNode ticker = miniTickers.get(symbol).deepCopy().put("E", eventTime).put("c", price);
                frame = envelope("!miniTicker@arr", json.createArrayNode().add(ticker));
                sent = new Sent(currentIndex, "binance:" + symbol + ":m" + eventTime, true, "quote", asset,
                        Double.parseDouble(price), null, eventTime);
            } else {
                ObjectNode event = trade.deepCopy().put("s", symbol).put("t", sequence).put("E", eventTime)
                        .put("T", eventTime).put("p", invalid ? "-" + price : price).put("q", size);
                frame = envelope(symbol.toLowerCase(Locale.ROOT) + "@trade", event);
                sent = new Sent(currentIndex, "binance:" + symbol + ":" + sequence, !invalid, "trade", asset,
                        Double.parseDouble(price), Double.parseDouble(size), eventTime);
            }
            current.writeTextMessage(frame);
            connections.get(currentIndex).add(sent);
            sequence++;
        }
    }

    /** The fixture's close of {@code symbol}, moved by up to 0.2 % along a slow wave, in cents. */
    private String price(String symbol, long n) {
        double close = miniTickers.get(symbol).path("c").asDouble();
        double cents = Math.round(close * (1 + 0.002 * Math.sin(n / 37.0)) * 100);
        return String.format(Locale.ROOT, "%.8f", cents / 100);
    }

    private String envelope(String stream, JsonNode data) {
        return json.createObjectNode().put("stream", stream).set("data", data).toString();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
