import io.coinpulse.spark.CoinpulseJob;
import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.transform.TickDeduplicator;
import io.coinpulse.spark.transform.WindowMetrics;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

/**
 * An experiment, run by {@code bench/aggregation-floor} (not part of the build): the streaming job's
 * duplicate removal and 1m window aggregation alone, with the job's session settings (state store,
 * partitions, watermark), over the raw ticks a bench streaming run wrote to its lake, into Spark's
 * {@code noop} sink: no Kafka, no JSON, no MariaDB, no publication, no lake writes, no analytics.
 * Three lake files per micro-batch (the streaming run's four batches); like the bench's streaming
 * row, the rate counts batches 2..k, after the first one's code generation and state creation.
 *
 * <p>Arguments: the lake ({@code bench/target/runs/run-<millis>/bench-lake-<assets>}), an empty
 * checkpoint directory. Started by {@code io.coinpulse.bench.AggregationFloorRun} as the launcher
 * starts the job ({@code -Dspark.master=local[2]}, its memory bounds and class path).
 */
public class AggregationFloor {

    public static void main(String[] args) throws Exception {
        String lake = args[0];
        String checkpoint = args[1];
        JobConfig config = JobConfig.load("stream", List.of(), Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "unused:9092",
                "COINPULSE_DB_URL", "jdbc:mysql://unused:3306/unused",
                "COINPULSE_DB_USER", "unused",
                "COINPULSE_CHECKPOINT_PATH", "file://" + checkpoint), Instant.now());
        SparkSession spark = SparkSession.builder().appName("aggregation-floor").getOrCreate();
        CoinpulseJob.configureStreaming(spark, config);
        // the lake's Iceberg table of raw ticks (Hadoop catalog: a table is its directory), read as a stream
        Dataset<Row> ticks = spark.readStream().format("iceberg").option("streaming-max-files-per-micro-batch", 3)
                .load(lake + "/coinpulse/ticks");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<long[]> ends = new ArrayList<>();
        spark.streams().addListener(new StreamingQueryListener() {
            @Override
            public void onQueryStarted(QueryStartedEvent event) {
            }

            @Override
            public void onQueryProgress(QueryProgressEvent event) {
                if (event.progress().numInputRows() > 0) {
                    synchronized (ends) {
                        ends.add(new long[] {System.nanoTime(), event.progress().numInputRows(), os.getProcessCpuTime()});
                    }
                }
            }

            @Override
            public void onQueryTerminated(QueryTerminatedEvent event) {
            }
        });
        StreamingQuery query = WindowMetrics.aggregate(TickDeduplicator.deduplicate(ticks, config.sparkWatermark()), WindowSize.parse("1m"))
                .writeStream().format("noop").outputMode("update")
                .option("checkpointLocation", config.checkpointOf("aggregation-floor"))
                .trigger(Trigger.AvailableNow()).start();
        query.awaitTermination();
        Thread.sleep(500); // the listener hears of the last batch asynchronously
        synchronized (ends) {
            long records = 0;
            for (int i = 1; i < ends.size(); i++) {
                records += ends.get(i)[1];
            }
            long[] first = ends.get(0);
            long[] last = ends.get(ends.size() - 1);
            double seconds = (last[0] - first[0]) / 1e9;
            double cpu = (last[2] - first[2]) / 1e9;
            System.out.printf("aggregation floor %s: %d batches, %,d records after the first in %.2f s: %,.0f events/s,"
                    + " %.1f µs an event (%.1f CPU-µs)%n", lake, ends.size(), records, seconds, records / seconds,
                    seconds * 1e6 / records, cpu * 1e6 / records);
        }
        spark.stop();
    }
}
