package io.coinpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Throughput from the Spark job's own log lines (spark-app's StreamMonitor). */
class SparkRunTest {

    private static final String LOG = """
            2026-11-25T13:42:28.859Z INFO  [stream execution thread for window-metrics-1m [id = 165d, runId = f7dc]] \
            StreamMonitor: window-metrics-1m started (id 165d321e-b561-4a51-80e0-407fe9638aa5, run f7dc8547)
            2026-11-25T13:42:30.000Z WARN  [main] SomethingElse: batch 9: 5 records in
            2026-11-25T13:42:32.859Z INFO  [spark-listener-group-streams] StreamMonitor: window-metrics-1m batch 0: \
            10000 records in, 10 window rows upserted, 0 windows final, watermark none yet
            2026-11-25T13:42:34.859Z INFO  [spark-listener-group-streams] StreamMonitor: window-metrics-1m batch 1: \
            10000 records in, 10 window rows upserted, 0 windows final, watermark 2026-03-03T00:00:10Z
            2026-11-25T13:42:36.859Z INFO  [spark-listener-group-streams] StreamMonitor: window-metrics-1m batch 2: \
            6000 records in, 10 window rows upserted, 5 windows final, watermark 2026-03-03T00:00:20Z
            2026-11-25T13:42:37.859Z INFO  [spark-listener-group-streams] StreamMonitor: window-metrics-1m batch 3: \
            0 records in, 0 window rows upserted, 5 windows final, watermark 2026-03-03T00:00:20Z
            """;

    @Test
    void parsesOnlyTheJobsBatchLines() {
        List<SparkRun.Batch> batches = SparkRun.Batch.parse(LOG);

        assertThat(batches).extracting(SparkRun.Batch::batchId, SparkRun.Batch::records)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 10000L), org.assertj.core.groups.Tuple.tuple(1L, 10000L),
                        org.assertj.core.groups.Tuple.tuple(2L, 6000L), org.assertj.core.groups.Tuple.tuple(3L, 0L));
        assertThat(batches.get(0).query()).isEqualTo("window-metrics-1m");
        assertThat(SparkRun.Batch.started(LOG)).isEqualTo(java.time.Instant.parse("2026-11-25T13:42:28.859Z").toEpochMilli());
    }

    @Test
    void steadyRateLeavesTheFirstBatchOutAndOverallCountsFromTheStart() {
        SparkRun.Throughput t = SparkRun.Throughput.of(SparkRun.Batch.parse(LOG), SparkRun.Batch.started(LOG), -1, 12.5);

        assertThat(t.records()).isEqualTo(26000);
        assertThat(t.batches()).isEqualTo(3);
        // batches 1 and 2: 16,000 records between 13:42:32.859 and 13:42:36.859
        assertThat(t.steadyPerSec()).isCloseTo(4000.0, within(1e-9));
        // 26,000 records in 8 s from the query's start
        assertThat(t.overallPerSec()).isCloseTo(3250.0, within(1e-9));
        assertThat(t.perSec()).isEqualTo(t.steadyPerSec());
    }

    @Test
    void theRunEndsWhenTheDerivedAnalyticsCaughtUpWithTheLastBatch() {
        String log = LOG + "2026-11-25T13:42:38.859Z INFO  [main] CoinpulseJob: derived analytics drained in 1900 ms\n";
        long drained = SparkRun.Batch.analyticsDrained(log);
        assertThat(drained).isEqualTo(java.time.Instant.parse("2026-11-25T13:42:38.859Z").toEpochMilli());

        SparkRun.Throughput t = SparkRun.Throughput.of(SparkRun.Batch.parse(log), SparkRun.Batch.started(log), drained, 12.5);

        // batches 1 and 2: 16,000 records between 13:42:32.859 and the analytics' end at 13:42:38.859
        assertThat(t.steadyPerSec()).isCloseTo(16000 / 6.0, within(1e-9));
        assertThat(t.overallPerSec()).isCloseTo(2600.0, within(1e-9));
        assertThat(t.analyticsTailMillis()).isEqualTo(2000);
        assertThat(SparkRun.Batch.analyticsDrained(LOG)).isEqualTo(-1);
        assertThat(SparkRun.Throughput.of(SparkRun.Batch.parse(LOG), SparkRun.Batch.started(LOG), -1, 1).analyticsTailMillis()).isZero();
    }

    @Test
    void oneBatchHasOnlyTheOverallRate() {
        List<SparkRun.Batch> one = SparkRun.Batch.parse(LOG).subList(0, 1);

        SparkRun.Throughput t = SparkRun.Throughput.of(one, SparkRun.Batch.started(LOG), -1, 1);

        assertThat(t.steadyPerSec()).isNaN();
        assertThat(t.perSec()).isCloseTo(2500.0, within(1e-9));
    }

    @Test
    void noRecordsIsAnError() {
        assertThatThrownBy(() -> SparkRun.Throughput.of(List.of(), -1, -1, 0)).hasMessageContaining("no records");
    }

    @Test
    void readsTheTriggerTheJobLogsAtItsStart() {
        String start = "2026-11-25T15:39:10.361Z INFO  [main] CoinpulseJob: coinpulse stream: kafka.bootstrap.servers=127.0.0.1:41155"
                + " coinpulse.watermark=30s coinpulse.windows=1m coinpulse.trigger=250ms coinpulse.shuffle-partitions=2\n";

        assertThat(SparkRun.trigger(start)).isEqualTo("250ms");
        assertThat(SparkRun.trigger("no configuration line\n")).isEqualTo("?");
    }

    @Test
    void seesTheWindowQueryStartedInTheJobsLog() {
        String start = "2026-11-26T00:53:21.399Z INFO  [main] CoinpulseJob: coinpulse stream: kafka.bootstrap.servers=127.0.0.1:43283\n";
        String started = "2026-11-26T00:53:25.827Z INFO  [stream execution thread for window-metrics-1m [id = c5cdfb05]]"
                + " StreamMonitor: window-metrics-1m started (id c5cdfb05-bfcd-49ca-8c35-edbe5da49dc2)\n";

        assertThat(SparkRun.queryStarted(start)).isFalse();
        assertThat(SparkRun.queryStarted(start + started)).isTrue();
    }

    @Test
    void aStreamingRunWithoutItsLakeIsRefused() {
        String withLake = "2026-11-25T15:39:10.361Z INFO  [main] CoinpulseJob: coinpulse stream: coinpulse.lake.path=file:/tmp/lake/"
                + " coinpulse.lake.trigger=10s\n";
        String without = "2026-11-25T15:39:10.361Z INFO  [main] CoinpulseJob: coinpulse stream: coinpulse.lake.path=(none)"
                + " coinpulse.lake.trigger=10s\n";

        SparkRun.requireEverySink(withLake);
        assertThatThrownBy(() -> SparkRun.requireEverySink(without)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the streaming run had no lake (coinpulse.lake.path unset): it must run with every sink on");
    }

    @Test
    void theTutorialJobsLinesAreReadLikeTheProductsJob() {
        String log = """
                2026-12-07T14:30:00.000Z INFO  [stream execution thread for tutorial [id = 1a2b]] BatchLog: tutorial started \
                (id 1a2b3c4d-0000-0000-0000-000000000000, run 5e6f)
                2026-12-07T14:30:04.000Z INFO  [spark-listener-group-streams] BatchLog: tutorial batch 0: 7600 records in, \
                ms {addBatch=2900, triggerExecution=3900}
                2026-12-07T14:30:06.000Z INFO  [spark-listener-group-streams] BatchLog: tutorial batch 1: 7600 records in, \
                ms {addBatch=1500, triggerExecution=2000}
                2026-12-07T14:30:08.000Z INFO  [spark-listener-group-streams] BatchLog: tutorial batch 2: 7400 records in, \
                ms {addBatch=1500, triggerExecution=2000}
                """;

        SparkRun.Throughput t = SparkRun.Throughput.of(SparkRun.Batch.parse(log), SparkRun.Batch.started(log), -1, 20);

        assertThat(t.records()).isEqualTo(22_600);
        assertThat(t.batches()).isEqualTo(3);
        // batches 1 and 2: 15,000 records in the 4 s after the first batch's end
        assertThat(t.steadyPerSec()).isCloseTo(3750.0, within(1e-9));
        assertThat(t.overallPerSec()).isCloseTo(2825.0, within(1e-9));
    }
}
