package io.coinpulse.spark.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.spark.testing.LocalSpark;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stream gauges of a real streaming query on a real broker: a window query reads at most 6 of 12 records
 * (its {@code maxOffsetsPerTrigger}, shared among the partitions by Spark) from 3 partitions and then waits an hour for its next trigger, so its lag stays
 * what its first micro-batch left; the driver serves it per partition, freshness since that batch, and the
 * batch's progress per query. A stateful query with a watermark reads all 12 and shows its state and watermark.
 */
class StreamGaugesTest {

    private static final String TOPIC = "gauges.ticks";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Records per partition. */
    private static final Map<Integer, Integer> RECORDS = Map.of(0, 5, 1, 3, 2, 4);

    private static KafkaBroker broker;
    private static Path work;
    /** The newest record's timestamp, as the broker stored it. */
    private static long newestTimestampMillis;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createDirectories(Path.of("target", "stream-gauges-" + System.nanoTime()).toAbsolutePath());
        broker = KafkaBroker.start(work.resolve("kafka"));
        broker.createTopics(Map.of(TOPIC, 3));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<Integer, Integer> partition : RECORDS.entrySet()) {
                for (int i = 0; i < partition.getValue(); i++) {
                    long stored = producer.send(new ProducerRecord<>(TOPIC, partition.getKey(), "k", "{\"n\":" + i + "}"))
                            .get().timestamp();
                    newestTimestampMillis = Math.max(newestTimestampMillis, stored);
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void servesEachPartitionsLagAndTheFreshnessOfTheNewestWindowUpdate() throws Exception {
        SparkSession spark = LocalSpark.session();
        StreamGauges gauges = new StreamGauges(0);
        StreamingQuery query = observedTopic(spark, gauges).option("maxOffsetsPerTrigger", "6").load()
                .writeStream().queryName("window-metrics-1m").format("noop")
                .option("checkpointLocation", work.resolve("checkpoint").toString())
                .trigger(Trigger.ProcessingTime(Duration.ofHours(1).toMillis()))
                .start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (query.lastProgress() == null || lag(scrape(gauges)).size() < 3) {
                assertThat(System.nanoTime()).as("the first micro-batch and its gauges").isLessThan(deadline);
                Thread.sleep(200);
            }
            StreamingQueryProgress progress = query.lastProgress();
            SourceProgress source = progress.sources()[0];
            Map<String, Long> end = offsets(source.endOffset());
            // the batch read each partition from offset 0 up to its end offset, at most 6 records in all
            assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(progress.numInputRows());
            assertThat(progress.numInputRows()).isBetween(1L, 6L);
            String metrics = scrape(gauges);
            Map<String, Double> lag = lag(metrics);
            // what the batch left of each partition: its records minus the offset it reached
            assertThat(lag).containsOnly(
                    entry("0", (double) (RECORDS.get(0) - end.get("0"))),
                    entry("1", (double) (RECORDS.get(1) - end.get("1"))),
                    entry("2", (double) (RECORDS.get(2) - end.get("2"))));
            assertThat(lag.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(12.0 - progress.numInputRows());
            double freshness = value(metrics, StreamGauges.FRESHNESS + " ");
            assertThat(freshness).isBetween(0.0, 60.0);
            // the batch's progress, per query; a query without a watermark or state exports none and 0 rows
            String q = "{query=\"window-metrics-1m\"} ";
            assertThat(value(metrics, QueryProgressMetrics.INPUT_RATE + q)).isEqualTo(progress.inputRowsPerSecond());
            assertThat(value(metrics, QueryProgressMetrics.PROCESSED_RATE + q)).isEqualTo(progress.processedRowsPerSecond());
            assertThat(value(metrics, QueryProgressMetrics.BATCH_DURATION + q)).isEqualTo(progress.batchDuration() / 1000.0);
            assertThat(value(metrics, QueryProgressMetrics.BATCHES + "_total" + q)).isEqualTo(1.0);
            assertThat(value(metrics, QueryProgressMetrics.STATE_ROWS + q)).isEqualTo(0.0);
            assertThat(metrics).doesNotContain(QueryProgressMetrics.WATERMARK);
        } finally {
            query.stop();
            spark.streams().removeListener(gauges);
        }
    }

    @Test
    void servesTheWatermarkStateRowsAndBatchesOfAStatefulQuery() throws Exception {
        SparkSession spark = LocalSpark.session();
        StreamGauges gauges = new StreamGauges(0);
        StreamingQuery query = observedTopic(spark, gauges).load()
                .withWatermark("timestamp", "0 seconds").groupBy("partition").count()
                .writeStream().queryName("counts").format("noop").outputMode("update")
                .option("checkpointLocation", work.resolve("counts-checkpoint").toString())
                .trigger(Trigger.AvailableNow())
                .start();
        try {
            query.awaitTermination();
            int batches = query.recentProgress().length;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String q = "{query=\"counts\"} ";
            String batchesSeries = QueryProgressMetrics.BATCHES + "_total" + q;
            while (!scrape(gauges).contains(batchesSeries + batches + ".0")) {
                assertThat(System.nanoTime()).as(batches + " batches in\n" + scrape(gauges)).isLessThan(deadline);
                Thread.sleep(100);
            }
            String metrics = scrape(gauges);
            // one batch read all 12 records; a second, without data, moved the watermark to the newest record
            assertThat(batches).isEqualTo(2);
            assertThat(query.recentProgress()[0].numInputRows()).isEqualTo(12);
            assertThat(value(metrics, QueryProgressMetrics.STATE_ROWS + q)).isEqualTo(3.0);
            assertThat(value(metrics, QueryProgressMetrics.WATERMARK + q)).isEqualTo(newestTimestampMillis / 1000.0);
            assertThat(value(metrics, QueryProgressMetrics.INPUT_RATE + q)).isEqualTo(0.0);
        } finally {
            query.stop();
            spark.streams().removeListener(gauges);
        }
    }

    @Test
    void lagIsLatestMinusEndPerPartitionOfAKafkaSourcesOffsets() {
        assertThat(StreamGauges.lags("q", "{\"t\":{\"2\":4,\"1\":3,\"0\":5}}", "{\"t\":{\"2\":10,\"1\":3,\"0\":9}}"))
                .containsOnly(entry(new StreamGauges.Partition("q", "t", "0"), 4L),
                        entry(new StreamGauges.Partition("q", "t", "1"), 0L),
                        entry(new StreamGauges.Partition("q", "t", "2"), 6L));
        // not a Kafka source, or no batch yet: nothing
        assertThat(StreamGauges.lags("q", "12", "15")).isEmpty();
        assertThat(StreamGauges.lags("q", null, "{\"t\":{\"0\":1}}")).isEmpty();
        StreamGauges gauges = new StreamGauges(-1);
        assertThat(gauges.freshnessSeconds(System.currentTimeMillis() + 2500)).isBetween(2.4, 2.6);
    }

    /** The test topic from its first record, for a query the gauges observe. */
    private static DataStreamReader observedTopic(SparkSession spark, StreamGauges gauges) {
        spark.streams().addListener(gauges);
        return spark.readStream().format("kafka").option("kafka.bootstrap.servers", broker.bootstrapServers())
                .option("subscribe", TOPIC).option("startingOffsets", "earliest");
    }

    private static String scrape(StreamGauges gauges) throws Exception {
        if (gauges.boundPort() == 0) {
            return "";
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gauges.boundPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Partition → lag of the window query on the test topic. */
    private static Map<String, Double> lag(String metrics) {
        Map<String, Double> lag = new TreeMap<>();
        for (String partition : List.of("0", "1", "2")) {
            String series = StreamGauges.LAG + "{partition=\"" + partition + "\",query=\"window-metrics-1m\",topic=\"" + TOPIC + "\"} ";
            metrics.lines().filter(l -> l.startsWith(series))
                    .forEach(l -> lag.put(partition, Double.parseDouble(l.substring(series.length()))));
        }
        return lag;
    }

    private static double value(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "in\n" + metrics));
    }

    private static Map<String, Long> offsets(String json) throws Exception {
        Map<String, Long> offsets = new TreeMap<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path(TOPIC).fields()
                .forEachRemaining(e -> offsets.put(e.getKey(), e.getValue().asLong()));
        return offsets;
    }
}
