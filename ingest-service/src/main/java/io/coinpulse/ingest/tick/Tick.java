package io.coinpulse.ingest.tick;

/**
 * The canonical tick of SPEC §3. Optional fields are null when absent; {@code ingestTime} is null
 * until ingest sets it with {@link #withIngestTime(long)}.
 */
public record Tick(
        String source,
        Kind kind,
        String asset,
        String quote,
        double price,
        Double size,
        Double volume24h,
        Double marketCap,
        long eventTime,
        Long ingestTime,
        String id) {

    /** A trade: price and size, no volume24h or marketCap. */
    public static Tick trade(String source, String asset, String quote, double price, double size, long eventTime,
            String id) {
        return new Tick(source, Kind.TRADE, asset, quote, price, size, null, null, eventTime, null, id);
    }

    /** A quote: price and optional 24 h volume and market cap, no size. */
    public static Tick quote(String source, String asset, String quote, double price, Double volume24h,
            Double marketCap, long eventTime, String id) {
        return new Tick(source, Kind.QUOTE, asset, quote, price, null, volume24h, marketCap, eventTime, null, id);
    }

    public Tick withIngestTime(long ingestTime) {
        return new Tick(source, kind, asset, quote, price, size, volume24h, marketCap, eventTime, ingestTime, id);
    }
}
