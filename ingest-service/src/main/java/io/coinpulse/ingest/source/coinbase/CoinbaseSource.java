package io.coinpulse.ingest.source.coinbase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code coinbase} source: one Advanced Trade WebSocket connection subscribed, right after the handshake
 * (Coinbase closes connections that do not subscribe within 5 s), to {@code ticker} and {@code market_trades}
 * of the configured products and to {@code heartbeats}, which keeps the connection and the silence detection
 * alive when the markets are quiet. Public market data: no key. Error messages from Coinbase are logged.
 */
@ApplicationScoped
@Unremovable
public class CoinbaseSource extends LiveSource {

    public static final String NAME = CoinbaseParser.SOURCE;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FrameParser parser() {
        return new CoinbaseParser();
    }

    @Override
    public boolean autoEligible() {
        return true;
    }

    @Override
    public Optional<String> probe(Duration timeout) {
        return StreamConnection.probe(endpoint(config().coinbase()), timeout, Secrets.NONE);
    }

    @Override
    protected List<LivePart> createParts(FrameSink sink) {
        FrameSink logErrors = sink.peeking(frame -> {
            if (frame.startsWith("{\"type\":\"error\"")) {
                Log.warnf("source coinbase: the server reports an error: %s", frame.length() > 300 ? frame.substring(0, 300) : frame);
            }
        });
        return List.of(new StreamConnection(NAME, endpoint(config().coinbase()), logErrors, config(), meters(),
                Secrets.NONE));
    }

    static StreamEndpoint endpoint(IngestConfig.Coinbase coinbase) {
        List<String> products = coinbase.productIds().stream().map(String::trim).filter(p -> !p.isEmpty()).distinct()
                .toList();
        if (products.isEmpty()) {
            throw new IllegalStateException("coinpulse.ingest.coinbase.product-ids names no product (e.g. BTC-USD)");
        }
        URI uri = Urls.webSocket(coinbase.url(), "coinpulse.ingest.coinbase.url");
        List<String> subscribe = List.of(subscribe("ticker", products), subscribe("market_trades", products),
                subscribe("heartbeats", List.of()));
        return StreamEndpoint.of(StreamEndpoint.display(uri) + " (ticker, market_trades of " + products.size()
                + " products, heartbeats)", uri, Map.of(), subscribe, coinbase.silenceTimeout());
    }

    static String subscribe(String channel, List<String> products) {
        ObjectNode message = JSON.createObjectNode().put("type", "subscribe");
        if (!products.isEmpty()) {
            products.forEach(message.putArray("product_ids")::add);
        }
        message.put("channel", channel);
        return message.toString();
    }
}
