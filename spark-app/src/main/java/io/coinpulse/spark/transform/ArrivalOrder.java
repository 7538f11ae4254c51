package io.coinpulse.spark.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.shiftleft;

import io.coinpulse.spark.config.WindowSize;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * The order of ticks inside one window (SPEC §4: by event time, ties by arrival in the topic) as one
 * fixed-width value, so that {@code min_by}/{@code max_by} on it keep Spark's hash aggregation (a
 * struct key forces sort-based or object aggregation). The key is {@code decimal(38,0)}:
 * {@code ((eventTime − windowStart) · 2^31 + partition) · 2^63 + offset}, which is injective and
 * order-preserving for every partition {@code [0, 2^31)}, every offset {@code [0, 2^63)} and every
 * instant of a window up to {@link WindowSize#MAX_LENGTH} long: the largest key is {@code 2^126 − 1 < 10^38}.
 */
public final class ArrivalOrder {

    /** The key's type: 38 digits hold 126 bits. */
    public static final DecimalType KEY_TYPE = DataTypes.createDecimalType(38, 0);

    private static final BigDecimal OFFSETS = new BigDecimal(BigInteger.ONE.shiftLeft(63));

    private ArrivalOrder() {
    }

    /**
     * The key of each tick (columns {@code event_time_ms}, {@code kafka_partition}, {@code kafka_offset})
     * within its window of {@code windowMs} milliseconds.
     */
    public static Column key(long windowMs) {
        if (windowMs <= 0 || windowMs > WindowSize.MAX_LENGTH.toMillis()) {
            throw new IllegalArgumentException("a window of " + windowMs + " ms does not fit the ordering key: at most " + WindowSize.MAX_LENGTH.toMillis());
        }
        return key(lit(windowMs));
    }

    /**
     * Like {@link #key(long)}, for windows of {@code windowMs} milliseconds given as a column (each
     * at most {@link WindowSize#MAX_LENGTH}, which {@link WindowSize} ensures).
     */
    public static Column key(Column windowMs) {
        // the instant within the window and the partition share one long: 32 + 31 bits
        Column timeAndPartition = shiftleft(pmod(col("event_time_ms"), windowMs), 31).bitwiseOR(col("kafka_partition").cast("long"));
        return timeAndPartition.cast(KEY_TYPE).multiply(lit(OFFSETS)).plus(col("kafka_offset").cast(KEY_TYPE)).cast(KEY_TYPE);
    }

    /** The key {@link #key} gives, computed in Java: for tests and for reading a key back. */
    public static BigInteger of(long instantInWindow, int partition, long offset) {
        return BigInteger.valueOf((instantInWindow << 31) | partition).shiftLeft(63).or(BigInteger.valueOf(offset));
    }
}
