package io.coinpulse.spark;

import io.coinpulse.spark.analytics.AnalyticsWorker;
import io.coinpulse.spark.config.JobConfig;
import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.kafka.KafkaPublisher;
import io.coinpulse.spark.lake.Lake;
import io.coinpulse.spark.lake.IcebergLake;
import io.coinpulse.spark.lake.LakeTables;
import io.coinpulse.spark.monitor.StreamMonitor;
import io.coinpulse.spark.sink.OnePassSink;
import io.coinpulse.spark.sink.SinkOutputs;
import io.coinpulse.spark.sink.WindowMetricsSink;
import io.coinpulse.spark.transform.TickDeduplicator;
import io.coinpulse.spark.transform.TickParser;
import io.coinpulse.spark.transform.WindowMetrics;
import java.util.ArrayList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The streaming queries of mode {@code stream}, per plan ({@code coinpulse.stream.plan}), over the topic's records. */
final class StreamQueries {

    /** Checkpoint directory of the one-pass query under the checkpoint root. */
    static final String ONE_PASS_CHECKPOINT = "one-pass";
    /** Directory of the lake's held batches in the one-pass query's checkpoint. */
    static final String LAKE_BUFFER = "lake-buffer";

    private static final Logger LOG = LoggerFactory.getLogger(StreamQueries.class);
    private static final String NO_LAKE = "coinpulse.lake.path is not set: no lake (backfill and compare need one)";

    /** What the queries write to and report to. */
    record Sinks(StreamMonitor monitor, AnalyticsWorker analytics, KafkaPublisher publisher, List<OnePassSink.LakeWriter> lakes) {

        Sinks(StreamMonitor monitor, AnalyticsWorker analytics, KafkaPublisher publisher) {
            this(monitor, analytics, publisher, new CopyOnWriteArrayList<>());
        }

        /** The window sinks' outputs under {@code config}. */
        SinkOutputs outputs(JobConfig config) {
            return new SinkOutputs(config.db(), monitor, analytics, publisher::publishWindows, config.kafkaProducerProperties(),
                    config.metricsTopic(), config.dbRetryBudget());
        }

        /** Writes back what the lake writers hold, once the queries have stopped. */
        void flushLakes() {
            for (OnePassSink.LakeWriter lake : lakes) {
                try {
                    lake.flush();
                } catch (Exception e) {
                    LOG.error("the lake's held batches were not committed (they are, at the next start): {}", e.toString());
                }
            }
        }
    }

    private StreamQueries() {
    }

    /** Name of the one-pass query: {@code window-metrics-} and its window sizes, e.g. {@code window-metrics-1m-5m}. */
    static String onePassName(JobConfig config) {
        return "window-metrics-" + config.windows().stream().map(WindowSize::label).collect(Collectors.joining("-"));
    }

    /** The one-pass plan: one query ({@link OnePassSink}). */
    static List<StreamingQuery> onePass(SparkSession spark, Dataset<Row> records, JobConfig config, Sinks sinks)
            throws TimeoutException {
        String name = onePassName(config);
        String checkpoint = config.checkpointOf(ONE_PASS_CHECKPOINT);
        // its stream_batches rows carry 1m when configured: the pipeline status reads the job's input from the 1m rows
        sinks.monitor().register(name, config.windows().stream().map(WindowSize::label).filter("1m"::equals).findFirst()
                .orElse(config.windows().get(0).label()));
        if (config.lakePath() == null) {
            LOG.warn(NO_LAKE);
        }
        Dataset<Row> ticks = TickDeduplicator.deduplicate(
                TickParser.observeRejected(TickParser.validate(records)), config.sparkWatermark());
        IcebergLake lake = lake(spark, config, checkpoint, sinks);
        OnePassSink sink = new OnePassSink(spark, name, config.windows(), sinks.outputs(config), lake);
        StreamingQuery query = ticks.writeStream()
                .queryName(name)
                .outputMode(OutputMode.Append())
                .option("checkpointLocation", checkpoint)
                .trigger(config.trigger().toSpark())
                .foreachBatch(sink)
                .start();
        if (lake != null) {
            try {
                lake.resume(query.id().toString());
            } catch (IOException e) {
                query.stop();
                throw new UncheckedIOException("cannot commit the lake batches an earlier run held", e);
            }
        }
        return List.of(query);
    }

    /** The one-pass plan's lake writer, holding small batches beside the query's checkpoint; null without a lake. */
    private static IcebergLake lake(SparkSession spark, JobConfig config, String checkpoint, Sinks sinks) {
        if (config.lakePath() == null) {
            return null;
        }
        IcebergLake lake = new IcebergLake(spark, config, LakeTables.open(spark, config), checkpoint + "/" + LAKE_BUFFER);
        sinks.lakes().add(lake);
        return lake;
    }

    /** The per-size plan: per window size an aggregation query, and the lake's queries. */
    static List<StreamingQuery> perSize(SparkSession spark, Dataset<Row> records, JobConfig config, Sinks sinks) throws TimeoutException {
        List<StreamingQuery> queries = new ArrayList<>();
        Dataset<Row> ticks = TickDeduplicator.deduplicate(
                TickParser.observeRejected(TickParser.validate(records)), config.sparkWatermark());
        for (WindowSize size : config.windows()) {
            String name = "window-metrics-" + size.label();
            sinks.monitor().register(name, size.label());
            queries.add(WindowMetrics.aggregate(ticks, size).writeStream()
                    .queryName(name)
                    .outputMode(OutputMode.Update())
                    .option("checkpointLocation", config.checkpointOf(name))
                    .trigger(config.trigger().toSpark())
                    .foreachBatch(new WindowMetricsSink(spark, name, size.label(), size.label().equals("1m") ? sinks.outputs(config)
                            : sinks.outputs(config).withoutAnalytics()))
                    .start());
        }
        if (config.lakePath() != null) {
            LakeTables tables = LakeTables.open(spark, config);
            queries.add(Lake.startTicks(ticks, tables, config));
            for (WindowSize size : config.windows()) {
                queries.add(Lake.startWindows(WindowMetrics.aggregate(ticks, size), size, tables, config));
            }
        } else {
            LOG.warn(NO_LAKE);
        }
        return queries;
    }
}
