package io.coinpulse.spark.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * What mode {@code maintain} keeps of the lake tables' history: snapshots younger than
 * {@code maxAge}, and the newest {@code keepLast} whatever their age (time travel and incremental
 * readers need them; older snapshots and the files only they reference are removed).
 *
 * @param maxAge snapshots older than this are expired
 * @param keepLast this many of the newest snapshots are kept regardless of age
 */
public record LakeRetention(Duration maxAge, int keepLast) implements Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
        return "coinpulse.lake.snapshot-retention=" + (maxAge == null ? null : Durations.format(maxAge))
                + " coinpulse.lake.snapshots-kept=" + keepLast;
    }
}
