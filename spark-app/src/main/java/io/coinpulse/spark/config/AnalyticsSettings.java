package io.coinpulse.spark.config;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Parameters of the derived analytics (SPEC §4), computed per asset over consecutive 1m windows.
 *
 * @param smaPeriods periods of the simple moving averages of close: {@code sma_<n>}
 * @param emaPeriods periods of the exponential moving averages of close: {@code ema_<n>}
 * @param volatilitySpans spans of the volatility (sample standard deviation of 1m log returns): {@code volatility_<n>}
 * @param moversTop gainers and losers ranked per 1m window boundary
 * @param alertK an alert is a value more than this many standard deviations from its history's mean
 * @param alertHistory the history: this many 1m windows before the window tested
 * @param alertMinHistory fewest history values an alert is judged on
 */
public record AnalyticsSettings(List<Integer> smaPeriods, List<Integer> emaPeriods, List<Integer> volatilitySpans,
        int moversTop, double alertK, int alertHistory, int alertMinHistory) implements Serializable {

    /** The change indicators are over these numbers of minutes: {@code change_1m}, {@code change_5m}. */
    public static final List<Integer> CHANGE_MINUTES = List.of(1, 5);

    /** The period movers are ranked over. */
    public static final String MOVERS_PERIOD = "5m";

    /**
     * How many 1m windows before the earliest window recomputed the computation reads: enough for the
     * longest SMA, the SMA an EMA is seeded with, the volatility's returns, the 5m change and the
     * alerts' history.
     */
    public int lookbackWindows() {
        int sma = IntStream.concat(smaPeriods.stream().mapToInt(n -> n), emaPeriods.stream().mapToInt(n -> n))
                .map(n -> n - 1).max().orElse(0);
        int vol = volatilitySpans.stream().mapToInt(n -> n).max().orElse(0);
        int change = CHANGE_MINUTES.stream().mapToInt(n -> n).max().orElse(0);
        return IntStream.of(sma, vol, change, alertHistory + 1).max().orElse(0);
    }

    @Override
    public String toString() {
        return "coinpulse.indicators.sma=" + join(smaPeriods) + " coinpulse.indicators.ema=" + join(emaPeriods)
                + " coinpulse.indicators.volatility=" + join(volatilitySpans) + " coinpulse.movers.top=" + moversTop
                + " coinpulse.alerts.k=" + alertK + " coinpulse.alerts.history=" + alertHistory
                + " coinpulse.alerts.min-history=" + alertMinHistory;
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
