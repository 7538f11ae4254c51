package io.coinpulse.bench.tutorial;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.window;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The baseline of bench/run's streaming rows: a window job as Spark tutorials write it, untuned on
 * purpose — {@code from_json}, {@code withWatermark}, {@code groupBy(window, source, asset)} with
 * {@code first/last/max/min/count/sum/avg/stddev_pop}, update mode, a {@code foreachBatch} JDBC
 * upsert into a table of its own ({@link WindowUpsert#TABLE}), Spark's default 200 shuffle partitions
 * and default (HDFS-backed) state store. It is not exact: open/close follow arrival, duplicates count
 * twice.
 *
 * <p>Arguments: topic, checkpoint directory, max offsets per trigger. Environment: the stack's
 * {@code KAFKA_BOOTSTRAP_SERVERS}, {@code COINPULSE_DB_URL}, {@code COINPULSE_DB_USER},
 * {@code COINPULSE_DB_PASSWORD}. Runs with trigger available-now, then exits.
 */
public final class TutorialJob {

    /** The query's name; its batch lines read {@code tutorial batch <id>: <n> records in}, as the product's do. */
    public static final String QUERY = "tutorial";

    /** The canonical tick (SPEC §3) as a DDL schema, as tutorials give {@code from_json} one. */
    static final String TICK = "source STRING, kind STRING, asset STRING, quote STRING, price DOUBLE, size DOUBLE,"
            + " eventTime BIGINT, ingestTime BIGINT, id STRING";

    private TutorialJob() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TutorialJob <topic> <checkpoint dir> <max offsets per trigger>");
            System.exit(2);
        }
        Map<String, String> env = System.getenv();
        WindowUpsert upsert = new WindowUpsert(require(env, "COINPULSE_DB_URL"), require(env, "COINPULSE_DB_USER"),
                env.getOrDefault("COINPULSE_DB_PASSWORD", ""));
        upsert.createTable();

        SparkSession spark = SparkSession.builder().appName("coinpulse-bench-tutorial").getOrCreate();
        CountDownLatch terminated = new CountDownLatch(1);
        spark.streams().addListener(new BatchLog(terminated));

        Dataset<Row> ticks = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", require(env, "KAFKA_BOOTSTRAP_SERVERS"))
                .option("subscribe", args[0])
                .option("startingOffsets", "earliest")
                .option("maxOffsetsPerTrigger", args[2])
                .load()
                .select(from_json(col("value").cast("string"), TICK, Map.of()).as("t"))
                .select("t.*")
                .withColumn("ts", expr("timestamp_millis(eventTime)"));

        Dataset<Row> windows = ticks.withWatermark("ts", "30 seconds")
                .groupBy(window(col("ts"), "1 minute"), col("source"), col("asset"))
                .agg(first("price").as("open"), last("price").as("close"), max("price").as("high"), min("price").as("low"),
                        count(lit(1)).as("tick_count"), sum("size").as("volume_base"), avg("price").as("avg_price"),
                        stddev_pop("price").as("price_stddev"));

        StreamingQuery query = windows.writeStream()
                .queryName(QUERY)
                .outputMode("update")
                .option("checkpointLocation", args[1])
                .trigger(Trigger.AvailableNow())
                .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, batchId) -> batch.foreachPartition((ForeachPartitionFunction<Row>) upsert::write))
                .start();
        query.awaitTermination();
        // the listener hears of the last batch asynchronously: its line must be in the log before the exit
        terminated.await(30, TimeUnit.SECONDS);
        spark.stop();
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}
