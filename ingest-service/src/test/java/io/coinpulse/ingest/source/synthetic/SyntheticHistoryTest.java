package io.coinpulse.ingest.source.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coinpulse.ingest.tick.Tick;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The synthetic market's history with the stack's defaults (20 assets, 50 events/s, seed 42, one hour):
 * one tick per asset every 3 s, in event-time order, continuing into the live ticks, and with one shock that
 * the job's alert rule (coinpulse.alerts.k=4 over the last 30 windows, at least 10) flags.
 */
class SyntheticHistoryTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = 1_772_323_200_000L;
    private static final long FROM = T0 - 60 * MINUTE;

    @Test
    void anHourOfTwentyAssetsIsATickEvery150MsInEventTimeOrderWithinTheRange() {
        SyntheticHistory history = new SyntheticHistory(new SyntheticMarket(20, 42, 0.1), 42, FROM, T0, 50);
        List<Tick> ticks = drain(history);
        assertThat(history.size()).isEqualTo(24_000);
        assertThat(ticks).hasSize(24_000);
        assertThat(ticks.get(0).eventTime()).isEqualTo(FROM);
        assertThat(ticks.get(1).eventTime()).isEqualTo(FROM + 150);
        assertThat(ticks.get(ticks.size() - 1).eventTime()).isEqualTo(T0 - 150);
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i).eventTime()).isGreaterThanOrEqualTo(ticks.get(i - 1).eventTime());
        }
        assertThat(ticks).extracting(Tick::id).doesNotHaveDuplicates();
        assertThat(history.hasNext()).isFalse();
    }

    @Test
    void aMarketSlowerThanATickPerAssetEvery3SecondsKeepsItsOwnRate() {
        SyntheticHistory history = new SyntheticHistory(new SyntheticMarket(20, 42, 0.1), 42, FROM, T0, 2);
        List<Tick> ticks = drain(history);
        assertThat(ticks).hasSize(7_200);
        assertThat(ticks.get(1).eventTime()).isEqualTo(FROM + 500);
        assertThat(ticks.get(ticks.size() - 1).eventTime()).isEqualTo(T0 - 500);
    }

    @Test
    void theSeedChoosesTheShockAndTheSameSeedGivesTheSameHistory() {
        SyntheticHistory history = new SyntheticHistory(new SyntheticMarket(20, 42, 0.1), 42, FROM, T0, 50);
        assertThat(history.shockAsset()).isEqualTo("DOT");
        assertThat(history.shockWindow()).isEqualTo(T0 - 10 * MINUTE);
        // 8 standard deviations of a 1m log return: 0.0008 * sqrt(150 events per asset and minute)
        assertThat(history.shockFactor()).isCloseTo(Math.exp(-8 * 0.0008 * Math.sqrt(150)), within(1e-12));
        assertThat(drain(history)).isEqualTo(drain(new SyntheticHistory(new SyntheticMarket(20, 42, 0.1), 42, FROM, T0, 50)));

        SyntheticHistory other = new SyntheticHistory(new SyntheticMarket(20, 7, 0.1), 7, FROM, T0, 50);
        assertThat(other.shockAsset()).isEqualTo("UNI");
        assertThat(other.shockFactor()).isCloseTo(Math.exp(8 * 0.0008 * Math.sqrt(150)), within(1e-12));
    }

    @Test
    void theJobsAlertRuleFlagsTheShockAndOneChanceMoveEarlyInTheHour() {
        SyntheticHistory history = new SyntheticHistory(new SyntheticMarket(20, 42, 0.1), 42, FROM, T0, 50);
        Map<String, TreeMap<Long, Double>> closes = closes(drain(history));
        assertThat(closes).hasSize(20);
        assertThat(closes.get("BTC")).hasSize(60);

        List<String> alerts = new ArrayList<>();
        closes.forEach((asset, series) -> series.keySet().forEach(t -> {
            Double z = priceMoveZscore(series, t);
            if (z != null && Math.abs(z) > 4) {
                alerts.add(asset + "@" + (t - T0) / MINUTE + String.format(" z=%.2f", z));
            }
        }));
        // BCH's move at -49 is chance against a deviation estimated from only 10 returns
        assertThat(alerts).containsExactly("BCH@-49 z=4.62", "DOT@-10 z=-8.10");
        // the 8 % drop stays in the price: DOT's close before the shock and at its window
        TreeMap<Long, Double> dot = closes.get("DOT");
        assertThat(dot.get(T0 - 11 * MINUTE)).isEqualTo(6.586807584);
        assertThat(dot.get(T0 - 10 * MINUTE)).isEqualTo(6.060799918);
    }

    @Test
    void theLiveTicksContinueTheWalkWhereTheHistoryEnds() {
        SyntheticMarket market = new SyntheticMarket(20, 42, 0.1);
        List<Tick> past = drain(new SyntheticHistory(market, 42, FROM, T0, 50));
        Tick firstLive = market.next(T0);
        Tick lastOfItsAsset = past.stream().filter(t -> t.asset().equals(firstLive.asset())).reduce((a, b) -> b).orElseThrow();
        assertThat(firstLive.price() / lastOfItsAsset.price()).isBetween(0.99, 1.01);
        assertThat(firstLive.id()).doesNotStartWith(lastOfItsAsset.id());
    }

    @Test
    void aMinuteOfHistoryTradesAsMuchAsALiveMinute() {
        SyntheticMarket market = new SyntheticMarket(20, 42, 0.1);
        double historyPerMinute = tradedPerMinute(drain(new SyntheticHistory(market, 42, FROM, T0, 50)));
        List<Tick> live = new ArrayList<>();
        for (int i = 0; i < 50 * 60 * 20; i++) {
            live.add(market.next(T0 + i * 20L));
        }
        // each history tick stands for 7.5 live ones: 2,700 trades of ~825 USD a minute live, 360 of 7.5 times that
        assertThat(historyPerMinute / tradedPerMinute(live)).isBetween(0.95, 1.05);
    }

    @Test
    void anEmptyHistoryHasNoTicks() {
        SyntheticHistory history = new SyntheticHistory(new SyntheticMarket(20, 42, 0.1), 42, T0, T0, 50);
        assertThat(history.size()).isZero();
        assertThat(history.hasNext()).isFalse();
    }

    private static List<Tick> drain(SyntheticHistory history) {
        List<Tick> ticks = new ArrayList<>();
        while (history.hasNext()) {
            ticks.add(history.next());
        }
        return ticks;
    }

    /** The quote volume (price times size of the trades) per minute of {@code ticks}. */
    private static double tradedPerMinute(List<Tick> ticks) {
        double traded = ticks.stream().filter(t -> t.size() != null).mapToDouble(t -> t.price() * t.size()).sum();
        long minutes = (ticks.get(ticks.size() - 1).eventTime() - ticks.get(0).eventTime()) / MINUTE + 1;
        return traded / minutes;
    }

    /** The close (price of the last tick) of each asset's 1m windows. */
    private static Map<String, TreeMap<Long, Double>> closes(List<Tick> ticks) {
        Map<String, TreeMap<Long, Double>> out = new TreeMap<>();
        for (Tick t : ticks) {
            out.computeIfAbsent(t.asset(), a -> new TreeMap<>()).put(Math.floorDiv(t.eventTime(), MINUTE) * MINUTE, t.price());
        }
        return out;
    }

    /** spark-app's price_move rule: the 1m log return against the returns of the 30 windows before, from 10 on. */
    private static Double priceMoveZscore(TreeMap<Long, Double> closes, long t) {
        Double r = logReturn(closes, t);
        if (r == null) {
            return null;
        }
        List<Double> past = new ArrayList<>();
        for (int j = 1; j <= 30; j++) {
            Double p = logReturn(closes, t - j * MINUTE);
            if (p != null) {
                past.add(p);
            }
        }
        if (past.size() < 10) {
            return null;
        }
        double mean = past.stream().mapToDouble(d -> d).average().orElseThrow();
        double squares = past.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum();
        return (r - mean) / Math.sqrt(squares / (past.size() - 1));
    }

    private static Double logReturn(TreeMap<Long, Double> closes, long t) {
        Double c = closes.get(t);
        Double before = closes.get(t - MINUTE);
        return c == null || before == null ? null : Math.log(c / before);
    }
}
