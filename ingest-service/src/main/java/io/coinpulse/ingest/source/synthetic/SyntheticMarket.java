package io.coinpulse.ingest.source.synthetic;

import io.coinpulse.ingest.tick.Tick;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

/**
 * A seeded random-walk market: each event picks an asset, moves its price by a log-normal step and emits a
 * trade (log-normal notional) or, with probability {@code quoteShare}, a quote with a 24 h volume.
 * Deterministic: the same seed and the same event times give the same ticks ({@link Random} is specified
 * bit for bit, so on every JVM too). Ids hold the event time and a sequence number, unique across restarts.
 */
public final class SyntheticMarket {

    public static final String SOURCE = "synthetic";

    static final int MAX_ASSETS = 10_000;

    private static final String[] SYMBOLS = {"BTC", "ETH", "SOL", "XRP", "BNB", "DOGE", "ADA", "TRX", "AVAX", "LINK",
            "DOT", "TON", "LTC", "BCH", "XLM", "ATOM", "UNI", "NEAR", "ETC", "FIL"};
    private static final double[] START_PRICES = {68_000, 3_500, 150, 0.52, 580, 0.15, 0.45, 0.12, 35, 14, 7, 6.5, 80,
            450, 0.11, 8.5, 9.8, 6.2, 26, 5.6};
    private static final MathContext PRICE_DIGITS = new MathContext(10);
    private static final MathContext SIZE_DIGITS = new MathContext(8);
    /** Standard deviation of one event's log-return. */
    static final double STEP = 0.0008;

    private final Random random;
    private final double quoteShare;
    private final String[] symbols;
    private final double[] prices;
    private long sequence;

    public SyntheticMarket(int assets, long seed, double quoteShare) {
        if (assets < 1 || assets > MAX_ASSETS) {
            throw new IllegalArgumentException("assets must be between 1 and " + MAX_ASSETS + ", got " + assets);
        }
        if (!(quoteShare >= 0 && quoteShare <= 1)) {
            throw new IllegalArgumentException("quote share must be between 0 and 1, got " + quoteShare);
        }
        this.random = new Random(seed);
        this.quoteShare = quoteShare;
        this.symbols = new String[assets];
        this.prices = new double[assets];
        for (int i = 0; i < assets; i++) {
            symbols[i] = i < SYMBOLS.length ? SYMBOLS[i] : "SYN" + (i + 1);
            prices[i] = i < START_PRICES.length ? START_PRICES[i] : 1 + 99 * random.nextDouble();
        }
    }

    public int assets() {
        return symbols.length;
    }

    /** The symbol of asset {@code index}, 0 to {@link #assets()} - 1. */
    public String symbol(int index) {
        return symbols[index];
    }

    /** Multiplies the price of asset {@code index} by {@code factor}: a jump its next tick starts from. */
    public void shock(int index, double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("a price shock must be a positive factor, got " + factor);
        }
        prices[index] *= factor;
    }

    /** The next tick, stamped {@code eventTime}. */
    public Tick next(long eventTime) {
        return next(eventTime, 1);
    }

    /**
     * The next tick, stamped {@code eventTime}, standing for {@code weight} ticks of the market: its price
     * step is larger by the square root of the weight and a trade's size by the weight, so a market sampled
     * at a lower rate keeps the volatility and the volume per minute of the full rate.
     */
    public Tick next(long eventTime, double weight) {
        int i = random.nextInt(symbols.length);
        prices[i] *= Math.exp(Math.sqrt(weight) * STEP * random.nextGaussian());
        double price = round(prices[i], PRICE_DIGITS);
        long n = ++sequence;
        String symbol = symbols[i];
        if (random.nextDouble() < quoteShare) {
            double volume24h = round(price * 1e6 * (0.5 + random.nextDouble()), PRICE_DIGITS);
            return Tick.quote(SOURCE, symbol, "USD", price, volume24h, null, eventTime,
                    SOURCE + ":" + symbol + ":q" + eventTime + "-" + n);
        }
        double notional = weight * 500 * Math.exp(random.nextGaussian());
        double size = round(notional / price, SIZE_DIGITS);
        return Tick.trade(SOURCE, symbol, "USD", price, size, eventTime, SOURCE + ":" + symbol + ":" + eventTime + "-" + n);
    }

    private static double round(double value, MathContext digits) {
        return BigDecimal.valueOf(value).round(digits).doubleValue();
    }
}
