package io.coinpulse.spark.analytics;

import java.io.Serializable;

/** One price series: the 1m windows of an asset from one source. */
public record SeriesKey(String source, String asset) implements Comparable<SeriesKey>, Serializable {

    @Override
    public int compareTo(SeriesKey o) {
        int c = source.compareTo(o.source);
        return c != 0 ? c : asset.compareTo(o.asset);
    }

    @Override
    public String toString() {
        return source + "/" + asset;
    }
}
