package io.coinpulse.ingest.source.coinbase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.live.KeylessStreamSource;
import io.coinpulse.ingest.source.live.StreamEndpoint;
import io.coinpulse.ingest.source.live.Urls;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The {@code coinbase} source: one Advanced Trade WebSocket connection subscribed, right after the handshake
 * (Coinbase closes connections that do not subscribe within 5 s), to {@code ticker} and {@code market_trades}
 * of the configured products and to {@code heartbeats}, which keeps the connection and the silence detection
 * alive when the markets are quiet. Public market data: no key. Error messages from Coinbase are logged.
 */
@ApplicationScoped
@Unremovable
public class CoinbaseSource extends KeylessStreamSource {

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
    protected StreamEndpoint endpoint(IngestConfig config) {
        return endpoint(config.coinbase());
    }

    @Override
    protected boolean reportsError(String frame) {
        return frame.startsWith("{\"type\":\"error\"");
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
