package io.coinpulse.ingest.source.binance;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.live.FrameSink;
import io.coinpulse.ingest.source.live.LivePart;
import io.coinpulse.ingest.source.live.LiveSource;
import io.coinpulse.ingest.source.live.Secrets;
import io.coinpulse.ingest.source.live.StreamConnection;
import io.coinpulse.ingest.source.live.StreamEndpoint;
import io.coinpulse.ingest.source.live.Urls;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code binance} source: combined market streams ({@code <url>/stream?streams=…}) of
 * {@code <symbol>@trade} for the configured symbols and, when on, {@code !miniTicker@arr} for the whole market.
 * At most {@code max-streams-per-connection} (Binance: 1024) streams per connection, more connections beyond.
 * Binance ends a connection after 24 h and announces maintenance with a {@code serverShutdown} event: either way
 * a new connection is opened before the old one closes. Server pings are answered by the WebSocket client. As
 * a liveness request {@code LIST_SUBSCRIPTIONS} is sent every third of the silence timeout. No key.
 */
@ApplicationScoped
@Unremovable
public class BinanceSource extends LiveSource {

    public static final String NAME = BinanceParser.SOURCE;

    /** Binance's limit of streams on one connection. */
    static final int MAX_STREAMS = 1024;

    static final String MINI_TICKER = "!miniTicker@arr";

    private static final String KEEP_ALIVE = "{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FrameParser parser() {
        return new BinanceParser(config().binance().quoteAssets());
    }

    @Override
    public boolean autoEligible() {
        return true;
    }

    @Override
    public Optional<String> probe(Duration timeout) {
        return StreamConnection.probe(endpoints(config().binance()).get(0), timeout, Secrets.NONE);
    }

    @Override
    protected List<LivePart> createParts(FrameSink sink) {
        List<LivePart> parts = new ArrayList<>();
        for (StreamEndpoint endpoint : endpoints(config().binance())) {
            parts.add(new StreamConnection(NAME, endpoint, sink, config(), meters(), Secrets.NONE));
        }
        return parts;
    }

    /** The stream names: {@code <symbol>@trade} per symbol, then the mini-ticker. */
    static List<String> streams(IngestConfig.Binance binance) {
        List<String> streams = new ArrayList<>();
        for (String symbol : binance.symbols()) {
            String name = symbol.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !name.matches("[a-z0-9]+")) {
                throw new IllegalStateException("coinpulse.ingest.binance.symbols: '" + symbol
                        + "' is not a Binance symbol such as btcusdt");
            }
            if (!name.isEmpty() && !streams.contains(name + "@trade")) {
                streams.add(name + "@trade");
            }
        }
        if (binance.miniTicker()) {
            streams.add(MINI_TICKER);
        }
        if (streams.isEmpty()) {
            throw new IllegalStateException("source binance streams nothing: coinpulse.ingest.binance.symbols is empty"
                    + " and coinpulse.ingest.binance.mini-ticker is false");
        }
        return streams;
    }

    /** One endpoint per {@code max-streams-per-connection} streams. */
    static List<StreamEndpoint> endpoints(IngestConfig.Binance binance) {
        int perConnection = binance.maxStreamsPerConnection();
        if (perConnection < 1 || perConnection > MAX_STREAMS) {
            throw new IllegalStateException("coinpulse.ingest.binance.max-streams-per-connection must be between 1 and "
                    + MAX_STREAMS + ", got " + perConnection);
        }
        String base = Urls.trimSlash(Urls.webSocket(binance.url(), "coinpulse.ingest.binance.url").toString());
        List<String> streams = streams(binance);
        List<StreamEndpoint> endpoints = new ArrayList<>();
        for (int from = 0; from < streams.size(); from += perConnection) {
            List<String> chunk = streams.subList(from, Math.min(streams.size(), from + perConnection));
            URI uri = URI.create(base + "/stream?streams=" + String.join("/", chunk));
            String label = StreamEndpoint.display(uri) + " (" + chunk.size() + " streams: " + describe(chunk) + ")";
            endpoints.add(new StreamEndpoint(label, uri, Map.of(), List.of(), binance.silenceTimeout(),
                    Optional.of(binance.maxConnectionLife()), frame -> frame.contains("\"serverShutdown\""),
                    Optional.of(KEEP_ALIVE)));
        }
        return endpoints;
    }

    private static String describe(List<String> streams) {
        return streams.size() <= 3 ? String.join(", ", streams)
                : String.join(", ", streams.subList(0, 2)) + ", …, " + streams.get(streams.size() - 1);
    }
}
