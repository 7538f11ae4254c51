package io.coinpulse.spark.transform;

import static io.coinpulse.spark.testing.Ticks.T0;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.testing.LocalSpark;
import io.coinpulse.spark.testing.Rows;
import io.coinpulse.spark.testing.Ticks;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ordering key of {@link ArrivalOrder}: the Spark expression equals the Java encoding, is
 * injective and orders like (instant in window, partition, offset) for every value the fields can
 * take, the limits included; and it keeps the window aggregation on Spark's hash aggregation.
 */
class ArrivalOrderTest {

    private static final long MAX_OFFSET = Long.MAX_VALUE;
    private static final int MAX_PARTITION = Integer.MAX_VALUE;
    private static final long MAX_WINDOW_MS = WindowSize.MAX_LENGTH.toMillis();
    private static final StructType POSITIONS = new StructType().add("event_time_ms", DataTypes.LongType)
            .add("kafka_partition", DataTypes.IntegerType).add("kafka_offset", DataTypes.LongType);
    private static final Comparator<Position> LEXICOGRAPHIC = Comparator.comparingLong(Position::instant)
            .thenComparingInt(Position::partition).thenComparingLong(Position::offset);

    /** A tick's place: its instant within the window, its Kafka partition and offset. */
    record Position(long instant, int partition, long offset) {
    }

    @Example
    void everyCombinationOfTheLimitsKeepsItsOrderAtTheLongestWindow() {
        List<Position> limits = new ArrayList<>();
        for (long instant : new long[] {0, 1, MAX_WINDOW_MS - 2, MAX_WINDOW_MS - 1}) {
            for (int partition : new int[] {0, 1, MAX_PARTITION - 1, MAX_PARTITION}) {
                for (long offset : new long[] {0, 1, MAX_OFFSET - 1, MAX_OFFSET}) {
                    limits.add(new Position(instant, partition, offset));
                }
            }
        }
        assertOrderPreserved(limits, MAX_WINDOW_MS);
        // the largest key is 2^126 - 1: it fits decimal(38,0)
        assertThat(ArrivalOrder.of(MAX_WINDOW_MS - 1, MAX_PARTITION, MAX_OFFSET))
                .isEqualTo(BigInteger.ONE.shiftLeft(126).subtract(BigInteger.ONE));
    }

    @Example
    void theFirstAndLastInstantOfAOneMinuteWindow() {
        assertOrderPreserved(List.of(new Position(59_999, 0, 0), new Position(0, MAX_PARTITION, MAX_OFFSET),
                new Position(0, MAX_PARTITION, MAX_OFFSET - 1), new Position(59_999, 0, 1), new Position(30_000, 7, 42)), 60_000);
    }

    @Property(tries = 8)
    void randomPositionsKeepTheirOrder(@ForAll("positionLists") List<Position> positions) {
        assertOrderPreserved(positions, MAX_WINDOW_MS);
    }

    @Provide
    Arbitrary<List<Position>> positionLists() {
        Arbitrary<Position> one = Combinators.combine(Arbitraries.longs().between(0, MAX_WINDOW_MS - 1),
                Arbitraries.integers().between(0, MAX_PARTITION), Arbitraries.longs().between(0, MAX_OFFSET))
                .as(Position::new);
        return one.list().ofMinSize(50).ofMaxSize(300);
    }

    @Example
    void openAndCloseAtTheLimitsOfPartitionAndOffset() {
        long last = T0 + 59_999;
        Dataset<Row> records = LocalSpark.recordsAt(List.of(
                RowFactory.create(Ticks.trade("BTC", 11, 1, T0, "late-offset"), MAX_PARTITION, MAX_OFFSET),
                RowFactory.create(Ticks.trade("BTC", 12, 1, T0 + 1, "next-ms"), 0, 0L),
                RowFactory.create(Ticks.trade("BTC", 10, 1, T0, "first"), MAX_PARTITION, MAX_OFFSET - 1),
                RowFactory.create(Ticks.trade("BTC", 20, 1, last, "last"), MAX_PARTITION, MAX_OFFSET),
                RowFactory.create(Ticks.trade("BTC", 19, 1, last, "before-last"), MAX_PARTITION - 1, MAX_OFFSET),
                RowFactory.create(Ticks.trade("BTC", 30, 1, T0 + 60_000, "next-window"), 0, 0L)));
        List<Map<String, Object>> windows = Rows.collect(WindowMetrics.aggregate(TickParser.parse(records), WindowSize.parse("1m"))
                .orderBy("window_start"));

        assertThat(windows).extracting(w -> w.get("window_start"), w -> w.get("open"), w -> w.get("close"), w -> w.get("tick_count"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 10.0, 20.0, 5L),
                        org.assertj.core.groups.Tuple.tuple(T0 + 60_000, 30.0, 30.0, 1L));
    }

    @Example
    void theWindowAggregationIsAHashAggregation() {
        Dataset<Row> ticks = TickParser.parse(LocalSpark.records(List.of(Ticks.trade("BTC", 10, 1, T0, "a"))));
        String plan = WindowMetrics.aggregate(ticks, WindowSize.parse("1m")).queryExecution().executedPlan().toString();

        assertThat(plan).contains("HashAggregate").doesNotContain("SortAggregate").doesNotContain("ObjectHashAggregate");
    }

    @Example
    void aWindowLongerThanTheKeyHoldsIsRefused() {
        assertThatThrownBy(() -> ArrivalOrder.key(MAX_WINDOW_MS + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 4294967296");
    }

    /** Keys from Spark equal the Java encoding, are distinct for distinct positions and sort like the positions. */
    private static void assertOrderPreserved(List<Position> positions, long windowMs) {
        long windowStart = Math.floorDiv(T0, windowMs) * windowMs;
        List<Row> rows = positions.stream().map(p -> RowFactory.create(windowStart + p.instant(), p.partition(), p.offset())).toList();
        List<Row> keyed = LocalSpark.session().createDataFrame(rows, POSITIONS)
                .select(col("event_time_ms"), col("kafka_partition"), col("kafka_offset"), ArrivalOrder.key(windowMs).as("key"))
                .collectAsList();

        List<Position> byKey = new ArrayList<>();
        List<BigInteger> keys = new ArrayList<>();
        for (Row r : keyed) {
            Position p = new Position(r.getLong(0) - windowStart, r.getInt(1), r.getLong(2));
            BigInteger key = r.<BigDecimal>getAs("key").toBigIntegerExact();
            assertThat(key).as("key of %s", p).isEqualTo(ArrivalOrder.of(p.instant(), p.partition(), p.offset()));
            keys.add(key);
            byKey.add(p);
        }
        assertThat(keys).doesNotContainNull().hasSize(positions.size());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(keys::get));
        List<Position> sortedByKey = order.stream().map(byKey::get).toList();
        assertThat(sortedByKey).isEqualTo(positions.stream().sorted(LEXICOGRAPHIC).toList());
        assertThat(keys.stream().distinct().count()).isEqualTo(positions.stream().distinct().count());
    }
}
