package io.coinpulse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 1-minute windows SPEC §4 gives for a set of canonical ticks, each {@code (source, id)} once: what the API
 * must serve once the job has read them. Order inside a window is by event time, ties by the order given (the
 * order of the topic's partition, one per asset).
 */
final class TickWindows {

    private static final long MINUTE = 60_000;

    private record Key(String source, String asset, long windowStart) {
    }

    private TickWindows() {
    }

    /** The windows of {@code ticks} (each {@code (source, id)} once), sorted by source, asset and start. */
    static List<ExpectedWindows> of(Collection<JsonNode> ticks) {
        Map<Key, List<JsonNode>> windows = new TreeMap<>(Comparator.comparing(Key::source)
                .thenComparing(Key::asset).thenComparingLong(Key::windowStart));
        for (JsonNode tick : ticks) {
            long time = tick.path("eventTime").asLong();
            windows.computeIfAbsent(new Key(tick.path("source").asText(), tick.path("asset").asText(),
                    Math.floorDiv(time, MINUTE) * MINUTE), k -> new ArrayList<>()).add(tick);
        }
        List<ExpectedWindows> out = new ArrayList<>();
        windows.forEach((key, inWindow) -> out.add(window(key, inWindow)));
        return out;
    }

    private static ExpectedWindows window(Key key, List<JsonNode> ticks) {
        List<JsonNode> ordered = new ArrayList<>(ticks);
        ordered.sort(Comparator.comparingLong(t -> t.path("eventTime").asLong()));
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        double prices = 0;
        long trades = 0;
        double volumeBase = 0;
        double volumeQuote = 0;
        for (JsonNode tick : ordered) {
            double price = tick.path("price").asDouble();
            high = Math.max(high, price);
            low = Math.min(low, price);
            prices += price;
            if ("trade".equals(tick.path("kind").asText())) {
                double size = tick.path("size").asDouble();
                trades++;
                volumeBase += size;
                volumeQuote += price * size;
            }
        }
        double open = ordered.get(0).path("price").asDouble();
        double close = ordered.get(ordered.size() - 1).path("price").asDouble();
        return new ExpectedWindows(key.source(), key.asset(), key.windowStart(), open, high, low, close,
                ordered.size(), trades, volumeBase, volumeQuote, trades == 0 ? null : volumeQuote / volumeBase,
                prices / ordered.size(), (close - open) / open * 100);
    }
}
