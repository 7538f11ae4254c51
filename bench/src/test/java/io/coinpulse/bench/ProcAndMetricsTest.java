package io.coinpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** /proc status and Prometheus text, the two other things the harness reads. */
class ProcAndMetricsTest {

    @Test
    void rssFromProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 5000000 kB\nVmHWM:\t  912000 kB\nVmRSS:\t  908836 kB\nRssAnon:\t  800000 kB\n";

        assertThat(Footprint.rssKb(status)).isEqualTo(908836);
        assertThat(Footprint.rssKb("Name:\tkthreadd\nState:\tS (sleeping)\n")).isZero();
    }

    @Test
    void ownRssIsNotZero() {
        assertThat(Footprint.treeRssKb(ProcessHandle.current())).isGreaterThan(1000);
    }

    @Test
    void machineCpuFromProcStat() {
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        CpuUse.Jiffies before = CpuUse.parseStat("cpu  1000 10 300 5000 200 5 15 0 0 0\ncpu0 500 5 150 2500 100 2 7 0 0 0\n");
        CpuUse.Jiffies after = CpuUse.parseStat("cpu  1150 10 330 5015 205 5 15 0 40 0\n");

        assertThat(before).isEqualTo(new CpuUse.Jiffies(1330, 6530));
        assertThat(after).isEqualTo(new CpuUse.Jiffies(1510, 6730));
        // 180 of 200 ticks busy on 2 cores: 1.8 cores
        assertThat(CpuUse.machineCores(before, after, 2)).isCloseTo(1.8, within(1e-9));
        assertThat(CpuUse.parseStat("intr 1 2 3\n")).isEqualTo(new CpuUse.Jiffies(0, 0));
        assertThat(CpuUse.machineCores(before, before, 2)).isZero();
    }

    @Test
    void coresPerProcessOverAnInterval() {
        CpuUse.Snapshot from = new CpuUse.Snapshot(0, Map.of("spark", 1_000_000_000L, "kafka", 0L), new CpuUse.Jiffies(0, 0));
        Map<String, Long> used = new LinkedHashMap<>();
        used.put("spark", 3_500_000_000L);
        used.put("kafka", 400_000_000L);
        CpuUse.Snapshot to = new CpuUse.Snapshot(2_000_000_000L, used, new CpuUse.Jiffies(360, 400));

        CpuUse.Cores cores = CpuUse.between(from, to);

        assertThat(cores.byProcess()).containsEntry("spark", 1.25).containsEntry("kafka", 0.2);
        assertThat(cores.stack()).isCloseTo(1.45, within(1e-9));
        assertThat(cores.machine()).isCloseTo(0.9 * cores.available(), within(1e-9));
        assertThat(cores.describe()).startsWith(Report.fmt("%.2f of %d cores busy (the stack 1.45: spark 1.25, kafka 0.20)",
                0.9 * cores.available(), cores.available()));
    }

    @Test
    void ownCpuTimeIsCounted() {
        assertThat(CpuUse.treeCpuNanos(ProcessHandle.current())).isPositive();
    }

    @Test
    void prometheusSumOverSeriesAndNaNWhenAbsent() {
        String text = """
                # HELP coinpulse_ingest_ticks_published_total Ticks acknowledged by Kafka
                # TYPE coinpulse_ingest_ticks_published_total counter
                coinpulse_ingest_ticks_published_total{source="replay"} 29000.0
                coinpulse_ingest_ticks_published_total{source="synthetic"} 1000.0
                coinpulse_ingest_ticks_published_total_extra 5.0
                coinpulse_ingest_replay_completed 1.0
                """;

        assertThat(Services.sum(text, "coinpulse_ingest_ticks_published_total")).isEqualTo(30000.0);
        assertThat(Services.sum(text, "coinpulse_ingest_replay_completed")).isEqualTo(1.0);
        assertThat(Services.sum(text, "coinpulse_ingest_ticks_rejected_total")).isNaN();
    }

    @Test
    void readsTheRateFromTheReplaysSummaryLine() {
        String log = "2026-11-26 01:20:30,001 INFO  [io.coi.ing.sou.rep.ReplaySource] (ingest-replay) replaying /r/ingest-10.jsonl at speed max\n"
                + "2026-11-26 01:20:34,101 INFO  [io.coi.ing.sou.rep.ReplaySource] (ingest-replay) replay finished: /r/ingest-10.jsonl:"
                + " 600000 lines read, 600000 published, 0 rejected (0 blank lines skipped, 0 publish failures) in 3.871 s,"
                + " 1.905 s of it on CPU in the replay thread\n";

        assertThat(Services.finished(log.substring(0, log.indexOf('\n') + 1))).isNull();
        Services.IngestRate rate = Services.finished(log);
        assertThat(rate.records()).isEqualTo(600_000);
        assertThat(rate.seconds()).isEqualTo(3.871);
        assertThat(rate.perSec()).isCloseTo(600_000 / 3.871, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(rate.replayCpuSeconds()).isEqualTo(1.905);
    }
}
