package io.coinpulse.spark.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link WindowState#merge}: a window's ticks split into partial windows in any way and merged in
 * any order give the metrics of one pass over all of them (SPEC §4).
 */
class WindowStateTest {

    private static final double RELATIVE = 1e-9;
    private static final BigInteger MAX_KEY = BigInteger.ONE.shiftLeft(126).subtract(BigInteger.ONE);

    /** A tick of the window: its order key, price, size (0: a quote, not a trade). */
    record Tick(BigInteger order, double price, double size) {
    }

    @Property(tries = 300)
    void anySplitMergedInAnyOrderEqualsOnePass(@ForAll("ticks") List<Tick> ticks, @ForAll("cuts") List<Integer> cuts,
            @ForAll boolean reversed) {
        List<List<Tick>> parts = split(ticks, cuts);
        List<WindowState> partials = new ArrayList<>(parts.stream().map(WindowStateTest::partial).toList());
        if (reversed) {
            Collections.reverse(partials);
        }
        WindowState merged = partials.get(0);
        for (WindowState p : partials.subList(1, partials.size())) {
            merged = merged.merge(p);
        }
        assertOnePass(merged, ticks);
    }

    @Example
    void equalPricesGiveAStddevOfExactlyZeroAndThatPriceAsTheMean() {
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ticks.add(new Tick(BigInteger.valueOf(i), 0.1, 0.3));
        }
        WindowState merged = partial(ticks.subList(0, 3)).merge(partial(ticks.subList(3, 7)));
        assertThat(merged.priceStddev()).isEqualTo(0.0);
        assertThat(merged.column("avg_price")).isEqualTo(0.1);
        assertThat(merged.tickCount()).isEqualTo(7);
        assertThat(merged.tradeCount()).isEqualTo(7);
    }

    @Example
    void openAndCloseFollowTheOrderKeysAtTheirLimitsNotTheMergeOrder() {
        WindowState first = partial(List.of(new Tick(BigInteger.ZERO, 10, 0), new Tick(MAX_KEY.subtract(BigInteger.ONE), 11, 0)));
        WindowState last = partial(List.of(new Tick(BigInteger.ONE, 20, 1), new Tick(MAX_KEY, 21, 1)));
        for (WindowState merged : List.of(first.merge(last), last.merge(first))) {
            assertThat(merged.open()).isEqualTo(10.0);
            assertThat(merged.openOrder()).isEqualTo(BigDecimal.ZERO);
            assertThat(merged.close()).isEqualTo(21.0);
            assertThat(merged.closeOrder()).isEqualTo(new BigDecimal(MAX_KEY));
            assertThat(merged.pctChange()).isCloseTo(110.0, within(1e-12));
            assertThat(merged.vwap()).isEqualTo(41.0 / 2);
            assertThat(merged.high()).isEqualTo(21.0);
            assertThat(merged.low()).isEqualTo(10.0);
            // deviations from 15.5: ±5.5 twice, ±4.5 twice
            assertThat(merged.priceStddev()).isCloseTo(Math.sqrt((2 * 30.25 + 2 * 20.25) / 4), within(1e-12));
            assertThat(merged.tickCount()).isEqualTo(4);
            assertThat(merged.tradeCount()).isEqualTo(2);
        }
        assertThat(first.merge(last).vwap()).isEqualTo(20.5);
        assertThat(first.vwap()).isNull();
    }

    @Provide
    Arbitrary<List<Tick>> ticks() {
        Arbitrary<BigInteger> order = Arbitraries.bigIntegers().between(BigInteger.ZERO, MAX_KEY);
        Arbitrary<Double> price = Arbitraries.doubles().between(1e-6, 1e6).ofScale(6);
        Arbitrary<Double> size = Arbitraries.oneOf(Arbitraries.just(0.0), Arbitraries.doubles().between(1e-4, 1e3).ofScale(4));
        return Combinators.combine(order, price, size).as(Tick::new).list().ofMinSize(1).ofMaxSize(60)
                .uniqueElements(Tick::order);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 59).list().ofMaxSize(8);
    }

    /** Consecutive parts of {@code ticks}, cut at the given positions (those inside the list). */
    private static List<List<Tick>> split(List<Tick> ticks, List<Integer> cuts) {
        List<Integer> at = cuts.stream().filter(c -> c < ticks.size()).distinct().sorted().toList();
        List<List<Tick>> parts = new ArrayList<>();
        int from = 0;
        for (int c : at) {
            parts.add(ticks.subList(from, c));
            from = c;
        }
        parts.add(ticks.subList(from, ticks.size()));
        return parts;
    }

    /** The partial window of some ticks, computed directly (two passes for mean and M2). */
    static WindowState partial(List<Tick> ticks) {
        Tick first = ticks.stream().min(Comparator.comparing(Tick::order)).orElseThrow();
        Tick last = ticks.stream().max(Comparator.comparing(Tick::order)).orElseThrow();
        double mean = ticks.stream().mapToDouble(Tick::price).sum() / ticks.size();
        double m2 = ticks.stream().mapToDouble(t -> (t.price() - mean) * (t.price() - mean)).sum();
        List<Tick> trades = ticks.stream().filter(t -> t.size() > 0).toList();
        return new WindowState("binance", "BTC", "1m", 0, 60_000, ticks.size(), trades.size(),
                trades.stream().mapToDouble(Tick::size).sum(), trades.stream().mapToDouble(t -> t.price() * t.size()).sum(),
                ticks.stream().mapToDouble(Tick::price).max().orElseThrow(), ticks.stream().mapToDouble(Tick::price).min().orElseThrow(),
                new BigDecimal(first.order()), first.price(), new BigDecimal(last.order()), last.price(), mean, m2);
    }

    private static void assertOnePass(WindowState merged, List<Tick> ticks) {
        WindowState whole = partial(ticks);
        assertThat(merged.tickCount()).isEqualTo(whole.tickCount());
        assertThat(merged.tradeCount()).isEqualTo(whole.tradeCount());
        assertThat(merged.open()).isEqualTo(whole.open());
        assertThat(merged.openOrder()).isEqualTo(whole.openOrder());
        assertThat(merged.close()).isEqualTo(whole.close());
        assertThat(merged.closeOrder()).isEqualTo(whole.closeOrder());
        assertThat(merged.high()).isEqualTo(whole.high());
        assertThat(merged.low()).isEqualTo(whole.low());
        assertClose(merged.volumeBase(), whole.volumeBase());
        assertClose(merged.volumeQuote(), whole.volumeQuote());
        assertClose(merged.priceMean(), whole.priceMean());
        // M2 carries the cancellation of the mean's rounding: compared on the scale of the prices
        assertThat(Math.abs(merged.priceStddev() - whole.priceStddev())).isLessThanOrEqualTo(RELATIVE * whole.high());
        if (whole.vwap() == null) {
            assertThat(merged.vwap()).isNull();
        } else {
            assertClose(merged.vwap(), whole.vwap());
        }
    }

    private static void assertClose(double actual, double expected) {
        assertThat(Math.abs(actual - expected)).as("%s vs %s", actual, expected).isLessThanOrEqualTo(RELATIVE * Math.abs(expected) + 1e-15);
    }
}
