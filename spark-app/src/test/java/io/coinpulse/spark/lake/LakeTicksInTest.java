package io.coinpulse.spark.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coinpulse.spark.testing.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link Lake#ticksIn}: exactly the ticks of the range, and only the lake's {@code date}/{@code hour}
 * partitions of the range read — a partition outside it holds a file that is not Parquet, which
 * would fail any read of it.
 */
class LakeTicksInTest {

    private static final StructType TICKS = ticks(DataTypes.StringType);
    /** As Spark reads the lake back: partition column {@code date} inferred as a date. */
    private static final StructType STORED = ticks(DataTypes.DateType);

    private static StructType ticks(DataType dateType) {
        return new StructType()
                .add("source", DataTypes.StringType)
                .add("asset", DataTypes.StringType)
                .add("price", DataTypes.DoubleType)
                .add("event_time", DataTypes.TimestampType)
                .add("event_time_ms", DataTypes.LongType)
                .add("id", DataTypes.StringType)
                .add("date", dateType)
                .add("hour", DataTypes.IntegerType);
    }

    @Test
    void onlyTheTicksOfTheRangeAreReturnedAndOnlyTheHoursOfTheRangeAreRead() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path dir = Path.of("target", "it", "lake-ticks-in-" + System.currentTimeMillis(), "ticks").toAbsolutePath();
        List<Row> rows = new ArrayList<>();
        for (String at : List.of("2026-02-28T23:10:00Z", "2026-02-28T23:30:00Z", "2026-03-01T00:15:00Z",
                "2026-03-01T01:29:59.999Z", "2026-03-01T01:30:00Z")) {
            Instant t = Instant.parse(at);
            rows.add(RowFactory.create("binance", "BTC", 100.0, Timestamp.from(t), t.toEpochMilli(), at,
                    at.substring(0, 10), Integer.parseInt(at.substring(11, 13))));
        }
        spark.createDataFrame(rows, TICKS).write().partitionBy("date", "hour").parquet(dir.toUri().toString());
        for (String outside : List.of("date=2026-02-28/hour=22", "date=2026-03-01/hour=2", "date=2026-03-02/hour=0")) {
            Files.createDirectories(dir.resolve(outside));
            Files.writeString(dir.resolve(outside).resolve("part-00000-not-parquet.parquet"), "not a parquet file",
                    StandardCharsets.UTF_8);
        }
        // the schema given: inferring it would read a footer, maybe the one that is not Parquet
        Dataset<Row> lake = spark.read().schema(STORED).parquet(dir.toUri().toString());

        Dataset<Row> in = Lake.ticksIn(lake, Instant.parse("2026-02-28T23:30:00Z").toEpochMilli(),
                Instant.parse("2026-03-01T01:30:00Z").toEpochMilli());

        assertThat(in.orderBy("event_time_ms").collectAsList()).extracting(r -> r.<String>getAs("id"))
                .containsExactly("2026-02-28T23:30:00Z", "2026-03-01T00:15:00Z", "2026-03-01T01:29:59.999Z");
        // the files outside the range are there: a read of every partition fails on them
        assertThatThrownBy(() -> lake.where("event_time_ms >= 0").count()).hasStackTraceContaining("not a Parquet file");
    }
}
