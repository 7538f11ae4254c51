package io.coinpulse.ingest.source.synthetic;

import io.coinpulse.ingest.tick.Tick;
import java.util.Random;

/**
 * The recent past of a {@link SyntheticMarket}: ticks with event times evenly spaced from {@code from} up to
 * (excluding) {@code to}, in event-time order, so the job's watermark never makes one late. The market walks
 * on from where the history ends, so live ticks continue it.
 *
 * <p>The history is thinner than the live market: one tick per asset every {@value #SECONDS_PER_ASSET_TICK}
 * seconds on average (or the live rate, if lower), so a fresh stack's job works an hour off in seconds. Each
 * tick stands for as many live ones as the rates' ratio ({@link SyntheticMarket#next(long, double)}), so a
 * minute of history moves as much and trades as much as a live one.
 *
 * <p>Ten minutes before the end one asset jumps by {@value #SHOCK_SIGMAS} standard deviations of its 1m
 * log return (asset and direction from the seed): the job's anomaly rule (more than 4 deviations from the
 * last 30 windows) raises a {@code price_move} alert for it, so a fresh stack shows one.
 */
public final class SyntheticHistory {

    /** The shock, in standard deviations of one asset's 1m log return in the live market. */
    static final double SHOCK_SIGMAS = 8;

    /** The history's sampling: one tick per asset this often, on average. */
    static final int SECONDS_PER_ASSET_TICK = 3;

    /** How long before the end of the history the shocked 1m window starts. */
    static final long SHOCK_BEFORE_END_MS = 10 * 60_000L;

    private static final long MINUTE = 60_000;

    private final SyntheticMarket market;
    private final long from;
    private final long to;
    private final double historyRate;
    private final double weight;
    private final long events;
    private final int shockAsset;
    private final long shockAt;
    private final double shockFactor;
    private long emitted;
    private boolean shocked;

    /**
     * @param market the market, fresh from its seed; the history moves it
     * @param seed chooses the shocked asset and the shock's direction
     * @param from event time of the first tick, epoch ms
     * @param to end of the history (exclusive), epoch ms; the live ticks start here
     * @param rate the live market's events per second, all assets together
     */
    public SyntheticHistory(SyntheticMarket market, long seed, long from, long to, double rate) {
        if (!(rate > 0) || to < from) {
            throw new IllegalArgumentException("a history needs a positive rate and from <= to, got rate " + rate
                    + " from " + from + " to " + to);
        }
        this.market = market;
        this.from = from;
        this.to = to;
        this.historyRate = Math.min(rate, market.assets() / (double) SECONDS_PER_ASSET_TICK);
        this.weight = rate / historyRate;
        this.events = (long) Math.ceil((to - from) * historyRate / 1000);
        Random choice = new Random(seed);
        this.shockAsset = choice.nextInt(market.assets());
        double sigma1m = SyntheticMarket.STEP * Math.sqrt(rate * 60 / market.assets());
        this.shockFactor = Math.exp((choice.nextBoolean() ? 1 : -1) * SHOCK_SIGMAS * sigma1m);
        this.shockAt = Math.floorDiv(to - SHOCK_BEFORE_END_MS, MINUTE) * MINUTE;
    }

    /** Ticks in the history. */
    public long size() {
        return events;
    }

    public boolean hasNext() {
        return emitted < events;
    }

    /** The next tick of the history, in event-time order. */
    public Tick next() {
        if (!hasNext()) {
            throw new IllegalStateException("the history ended at " + to);
        }
        long eventTime = Math.min(to - 1, from + (long) Math.floor(emitted * 1000 / historyRate));
        emitted++;
        if (!shocked && eventTime >= shockAt && shockAt >= from) {
            market.shock(shockAsset, shockFactor);
            shocked = true;
        }
        return market.next(eventTime, weight);
    }

    /** The asset that jumps. */
    public String shockAsset() {
        return market.symbol(shockAsset);
    }

    /** Start of the 1m window the jump happens in, epoch ms. */
    public long shockWindow() {
        return shockAt;
    }

    /** The jump: the factor the asset's price is multiplied by. */
    public double shockFactor() {
        return shockFactor;
    }
}
