package io.coinpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The freshness rows of the results table, each beside the floor measured in the same run. */
class ReportTest {

    @Test
    void freshnessBesideTheFloorOfTheSameJob() {
        Bench.Results r = new Bench.Results();
        r.trigger = "250ms";
        r.freshnessFloor = new Bench.FreshnessRun(0, 5, histogram(400, 600, 900), 0, cores(0.61, 0.52));
        r.freshness.add(new Bench.FreshnessRun(10_000, 9_999, histogram(1_200, 1_500, 1_900), 0, cores(1.93, 1.82)));

        String table = Report.table(r);

        assertThat(table).contains("| freshness at 10,000 events/s | p50 1500 ms, p95 1900 ms, p99 1900 ms, max 1900 ms"
                + " (3 markers, 0 never seen); ingest sustained 9,999 events/s; CPU meanwhile 1.93 of 2 cores busy (the stack 1.82:"
                + " spark 1.82) | the same job with nothing but the markers (5 events/s): p50 600 ms, p99 900 ms, max 900 ms;"
                + " CPU meanwhile 0.61 of 2 cores busy (the stack 0.52: spark 0.52); micro-batch trigger 250ms | — | p99 ≤ 1 s | **no** |");
    }

    @Test
    void freshnessWithoutAFloorNamesTheTriggerOnly() {
        Bench.Results r = new Bench.Results();
        r.trigger = "1s";

        assertThat(Report.freshnessLimit(r)).isEqualTo("micro-batch trigger 1s (the stack's job)");
        r.freshnessFloor = new Bench.FreshnessRun(0, 5, new Histogram(3_600_000L, 3), 12, cores(0.1, 0.1));
        assertThat(Report.freshnessLimit(r)).isEqualTo("micro-batch trigger 1s (the stack's job)");
    }

    @Test
    void aLoadUnderASecondAtTheTargetRateMeetsIt() {
        Bench.Results r = new Bench.Results();
        r.freshness.add(new Bench.FreshnessRun(10_000, 9_990, histogram(300, 500, 990), 0, cores(1.5, 1.4)));
        r.freshness.add(new Bench.FreshnessRun(2_000, 1_800, histogram(300, 500, 990), 0, cores(1.5, 1.4)));

        String table = Report.table(r);

        assertThat(table).contains("| freshness at 10,000 events/s | p50 500 ms").containsOnlyOnce("| yes |");
        // 1,800 of 2,000 events/s is a load not sustained: its latencies do not meet the target
        assertThat(table).contains("ingest sustained 1,800 events/s");
    }

    @Test
    void everyStreamingFigureBesideTheTutorialJobOfTheSameRun() {
        Bench.Results r = new Bench.Results();
        r.consumerLimit.put(10, new KafkaPerf.ConsumerResult(30_000, 6.0, 100_000, 150_000));
        r.consumerLimit.put(10_000, new KafkaPerf.ConsumerResult(30_000, 6.0, 100_000, 150_000));
        r.streaming.put(10, new SparkRun.Throughput(30_000, 4, 40_000, 30_000, 12.0, 0));
        r.streaming.put(10_000, new SparkRun.Throughput(30_000, 4, 30_000, 20_000, 15.0, 0));
        r.tutorial.put(10, new SparkRun.Throughput(30_000, 4, 16_000, 12_000, 9.0, 0));
        r.tutorial.put(10_000, new SparkRun.Throughput(30_000, 4, 20_000, 14_000, 9.6, 0));

        String table = Report.table(r);

        assertThat(table).contains("| streaming job, plan one-pass (10 assets) | 40,000 events/s (30,000 records, 4 batches; 400.0 CPU-s per 1M events"
                + " incl. JVM start) = 2.5x the tutorial job's 16,000 |");
        assertThat(table).contains("| streaming vs the tutorial job (10 assets) | coinpulse stream (one-pass) 40,000 events/s, every sink on"
                + " (window_metrics, crypto.metrics, the lake, the derived analytics) | the tutorial job 16,000 events/s (30,000 records,"
                + " 4 batches; 300.0 CPU-s per 1M events incl. JVM start): from_json, watermark, groupBy(window, source, asset),"
                + " first/last/max/min/count/sum/avg/stddev_pop, JDBC upsert, 200 shuffle partitions, default state store; same topic | 2.50x | ≥ 2x | yes |");
        assertThat(table).contains("| streaming vs the tutorial job (10,000 assets) | coinpulse stream (one-pass) 30,000 events/s, every sink on")
                .contains("| the tutorial job 20,000 events/s (30,000 records, 4 batches; 320.0 CPU-s per 1M events incl. JVM start):")
                .contains("same topic | 1.50x | ≥ 2x | **no** |");
        // cost per event: 33.3 µs at 10,000 assets against 25.0 µs at 10
        assertThat(table).contains("| streaming cost per event | 1.33x: 33.3 µs/event at 10,000 assets vs 25.0 µs at 10 | — | 1.33x"
                + " | ≤ 1.25x | **no** |");
    }

    @Test
    void withoutATutorialRunTheStreamingFigureStandsAlone() {
        Bench.Results r = new Bench.Results();
        r.consumerLimit.put(1000, new KafkaPerf.ConsumerResult(30_000, 6.0, 100_000, 150_000));
        r.streaming.put(1000, new SparkRun.Throughput(30_000, 4, 40_000, 30_000, 12.0, 0));

        String table = Report.table(r);

        assertThat(table).contains("| streaming job, plan one-pass (1000 assets) | 40,000 events/s (30,000 records, 4 batches; 400.0 CPU-s per 1M"
                + " events incl. JVM start) | 150,000 records/s ConsumerPerformance (fetch rate), same topic | 0.27x | ≥ 0.5x | **no** |")
                .doesNotContain("tutorial");
    }

    @Test
    void theWholeStackWithinTwoGibibytes() {
        Bench.Results r = new Bench.Results();
        r.footprintRate = 10_000;
        r.footprint.put("spark", 1_200.0);
        r.footprint.put("kafka", 900.0);
        r.footprintTotal = 2_100;

        assertThat(Report.table(r)).contains("| footprint | 2.05 GiB peak RSS in all under the 10,000 events/s load (MiB: spark 1200,"
                + " kafka 900) | — | — | ≤ 2 GiB | **no** |");
        r.footprintTotal = 2_048;
        assertThat(Report.table(r)).contains("| ≤ 2 GiB | yes |");
    }

    private static Histogram histogram(long... values) {
        Histogram h = new Histogram(3_600_000L, 3);
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    private static CpuUse.Cores cores(double machine, double spark) {
        Map<String, Double> by = new LinkedHashMap<>();
        by.put("spark", spark);
        return new CpuUse.Cores(by, spark, machine, 2);
    }
}
