package io.coinpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
}
