package io.coinpulse.spark.sink;

import io.coinpulse.spark.analytics.SeriesKey;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Per price series ({@code source}, {@code asset}), the earliest window start added, gathered by the
 * writers of a micro-batch or a backfill chunk as the rows pass and merged on the driver: which
 * series' derived analytics to recompute, and from when, without another Spark job over the windows.
 */
public final class EarliestWindows extends AccumulatorV2<EarliestWindows.Start, Map<SeriesKey, Long>> {

    private static final long serialVersionUID = 1L;

    /** A window start of one series. */
    public record Start(SeriesKey series, long windowStart) implements Serializable {
    }

    private HashMap<SeriesKey, Long> earliest = new HashMap<>();

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
        earliest.merge(new SeriesKey(source, asset), windowStart, Math::min);
    }

    @Override
    public void merge(AccumulatorV2<Start, Map<SeriesKey, Long>> other) {
        other.value().forEach((series, start) -> earliest.merge(series, start, Math::min));
    }

    @Override
    public Map<SeriesKey, Long> value() {
        return earliest;
    }
}
