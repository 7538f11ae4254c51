package io.coinpulse.spark.batch;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Per price series ({@code source}, {@code asset}), the earliest window start added, gathered by the
 * backfill's writers as the rows pass and merged on the driver: which series' derived analytics to
 * recompute, and from when, without another Spark job over the windows.
 */
public final class EarliestWindows extends AccumulatorV2<EarliestWindows.Start, Map<EarliestWindows.Series, Long>> {

    private static final long serialVersionUID = 1L;

    /** One series. */
    public record Series(String source, String asset) implements Serializable {
    }

    /** A window start of one series. */
    public record Start(Series series, long windowStart) implements Serializable {
    }

    private HashMap<Series, Long> earliest = new HashMap<>();

    @Override
    public boolean isZero() {
        return earliest.isEmpty();
    }

    @Override
    public EarliestWindows copy() {
        EarliestWindows copy = new EarliestWindows();
        copy.earliest = new HashMap<>(earliest);
        return copy;
    }

    @Override
    public void reset() {
        earliest = new HashMap<>();
    }

    @Override
    public void add(Start start) {
        earliest.merge(start.series(), start.windowStart(), Math::min);
    }

    /** Adds a window start of {@code source}/{@code asset}. */
    public void add(String source, String asset, long windowStart) {
        earliest.merge(new Series(source, asset), windowStart, Math::min);
    }

    @Override
    public void merge(AccumulatorV2<Start, Map<Series, Long>> other) {
        other.value().forEach((series, start) -> earliest.merge(series, start, Math::min));
    }

    @Override
    public Map<Series, Long> value() {
        return earliest;
    }
}
