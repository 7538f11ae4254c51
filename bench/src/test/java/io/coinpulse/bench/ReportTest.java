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
