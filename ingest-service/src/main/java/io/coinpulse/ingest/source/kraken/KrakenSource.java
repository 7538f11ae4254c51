package io.coinpulse.ingest.source.kraken;

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
 * The {@code kraken} source: one WebSocket v2 connection subscribed to {@code ticker} and {@code trade} of the
 * configured pairs. The trade subscription asks for Kraken's snapshot of recent trades, so after a reconnect the
 * gap is filled (repeated trades keep their ids and count once downstream). Kraken sends a heartbeat about
 * every second, which feeds the silence detection. Rejected subscriptions are logged. No key.
 */
@ApplicationScoped
@Unremovable
public class KrakenSource extends KeylessStreamSource {

    public static final String NAME = KrakenParser.SOURCE;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FrameParser parser() {
        return new KrakenParser();
    }

    @Override
    protected StreamEndpoint endpoint(IngestConfig config) {
        return endpoint(config.kraken());
    }

    @Override
    protected boolean reportsError(String frame) {
        return frame.contains("\"success\":false");
    }

    static StreamEndpoint endpoint(IngestConfig.Kraken kraken) {
        List<String> symbols = kraken.symbols().stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (symbols.isEmpty()) {
            throw new IllegalStateException("coinpulse.ingest.kraken.symbols names no pair (e.g. BTC/USD)");
        }
        URI uri = Urls.webSocket(kraken.url(), "coinpulse.ingest.kraken.url");
        return StreamEndpoint.of(StreamEndpoint.display(uri) + " (ticker, trade of " + symbols.size() + " pairs)", uri,
                Map.of(), List.of(subscribe("ticker", symbols), subscribe("trade", symbols)), kraken.silenceTimeout());
    }

    static String subscribe(String channel, List<String> symbols) {
        ObjectNode message = JSON.createObjectNode().put("method", "subscribe");
        ObjectNode params = message.putObject("params").put("channel", channel);
        symbols.forEach(params.putArray("symbol")::add);
        return message.toString();
    }
}
