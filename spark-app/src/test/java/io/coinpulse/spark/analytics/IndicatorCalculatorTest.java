package io.coinpulse.spark.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.spark.config.AnalyticsSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The job's indicator arithmetic against {@link ReferenceIndicators} on fixed series. */
class IndicatorCalculatorTest {

    private static final long T0 = 1_772_323_200_000L;
    private static final long M = 60_000;
    private static final AnalyticsSettings SETTINGS = new AnalyticsSettings(List.of(3, 5), List.of(3, 5), List.of(4), 3, 3.0, 8, 5);
    private static final SeriesKey BTC = new SeriesKey("binance", "BTC");

    /** 40 minutes of a random walk with a gap at minutes 17 and 18. */
    private static Double[] closes() {
        Random random = new Random(42);
        Double[] c = new Double[40];
        double price = 100;
        for (int i = 0; i < c.length; i++) {
            price *= Math.exp(random.nextGaussian() * 0.002);
            c[i] = i == 17 || i == 18 ? null : price;
        }
        return c;
    }

    private static NavigableMap<Long, WindowPoint> series(Double[] closes, double[] volumes) {
        NavigableMap<Long, WindowPoint> s = new TreeMap<>();
        for (int i = 0; i < closes.length; i++) {
            if (closes[i] != null) {
                s.put(T0 + i * M, new WindowPoint(T0 + i * M, closes[i], volumes == null ? 1000.0 : volumes[i]));
            }
        }
        return s;
    }

    private static List<String> mismatches(Double[] closes, List<IndicatorValue> rows) {
        List<Map<String, Double>> expected = ReferenceIndicators.compute(closes, new int[] {3, 5}, new int[] {3, 5}, new int[] {4});
        List<String> out = new ArrayList<>();
        for (IndicatorValue v : rows) {
            int i = (int) ((v.windowStart() - T0) / M);
            Map<String, Double> e = expected.get(i);
            if (!e.containsKey(v.indicator()) || !ReferenceIndicators.same(v.value(), e.get(v.indicator()))) {
                out.add("minute " + i + " " + v.indicator() + ": " + v.value() + ", expected " + e.get(v.indicator()));
            }
        }
        return out;
    }

    @Test
    void everyIndicatorOfEveryWindowEqualsThePlainComputation() {
        Double[] closes = closes();
        IndicatorCalculator.Result result = new IndicatorCalculator(SETTINGS).compute(BTC, series(closes, null), T0, Map.of(), 0);

        assertThat(result.indicators()).hasSize(38 * 7);
        assertThat(mismatches(closes, result.indicators())).isEmpty();
        // undefined where the plain computation is: before enough windows, and after the gap
        assertThat(result.indicators()).filteredOn(v -> v.windowStart() == T0 + 19 * M && v.indicator().equals("sma_3"))
                .extracting(IndicatorValue::value).containsExactly((Double) null);
        assertThat(result.indicators()).filteredOn(v -> v.windowStart() == T0 + 21 * M && v.indicator().equals("ema_3"))
                .extracting(IndicatorValue::value).doesNotContainNull();
    }

    @Test
    void recomputingFromAWindowWithTheStoredEmaBeforeItGivesTheSameValues() {
        Double[] closes = closes();
        IndicatorCalculator calculator = new IndicatorCalculator(SETTINGS);
        NavigableMap<Long, WindowPoint> all = series(closes, null);
        IndicatorCalculator.Result whole = calculator.compute(BTC, all, T0, Map.of(), 0);
        long from = T0 + 30 * M;
        Map<Integer, Double> emaBefore = new HashMap<>();
        whole.indicators().stream().filter(v -> v.windowStart() == from - M && v.indicator().startsWith("ema_"))
                .forEach(v -> emaBefore.put(Integer.parseInt(v.indicator().substring(4)), v.value()));

        // only the lookback before `from` is read, as the job reads it
        NavigableMap<Long, WindowPoint> tail = all.tailMap(from - SETTINGS.lookbackWindows() * M, true);
        IndicatorCalculator.Result part = calculator.compute(BTC, tail, from, emaBefore, 0);

        assertThat(part.indicators()).hasSize(10 * 7).allSatisfy(v -> assertThat(v.windowStart()).isGreaterThanOrEqualTo(from));
        assertThat(mismatches(closes, part.indicators())).isEmpty();
    }

    @Test
    void aReturnOrVolumeBeyondKStandardDeviationsRaisesAnAlertOnce() {
        Double[] closes = new Double[12];
        double[] volumes = new double[12];
        for (int i = 0; i < 12; i++) {
            closes[i] = 100.0 + (i % 2 == 0 ? 0.1 : -0.1);
            volumes[i] = 1000 + (i % 3) * 10;
        }
        closes[11] = closes[10] * 1.05;  // +5 % in a minute
        volumes[10] = 5000;               // a spike one minute earlier
        IndicatorCalculator.Result result = new IndicatorCalculator(SETTINGS)
                .compute(BTC, series(closes, volumes), T0 + 10 * M, Map.of(), 123);

        List<Double> history = new ArrayList<>();
        for (int j = 3; j <= 10; j++) {
            history.add(Math.log(closes[j] / closes[j - 1]));
        }
        double r = Math.log(1.05);
        double mean = history.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double z = (r - mean) / ReferenceIndicators.sampleSd(history);
        List<Double> volumeHistory = new ArrayList<>();
        for (int j = 2; j <= 9; j++) {
            volumeHistory.add(volumes[j]);
        }
        double vz = (5000 - volumeHistory.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                / ReferenceIndicators.sampleSd(volumeHistory);

        assertThat(result.alerts()).extracting(Alert::alertId)
                .containsExactly("binance:BTC:volume_spike:" + (T0 + 10 * M), "binance:BTC:price_move:" + (T0 + 11 * M));
        Alert move = result.alerts().get(1);
        assertThat(move.value()).isCloseTo(r, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ReferenceIndicators.same(move.zscore(), z)).as("z %s vs %s", move.zscore(), z).isTrue();
        assertThat(move.threshold()).isEqualTo(3.0);
        assertThat(move.detectedAt()).isEqualTo(123);
        assertThat(move.message()).contains("BTC", "+5.000%", "standard deviations");
        assertThat(ReferenceIndicators.same(result.alerts().get(0).zscore(), vz)).isTrue();
    }
}
