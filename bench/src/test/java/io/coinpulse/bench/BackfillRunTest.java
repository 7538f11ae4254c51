package io.coinpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The backfill's result line (spark-app's Backfill) and the comparison of its windows with the stream's. */
class BackfillRunTest {

    @Test
    void readsTheJobsResultLine() {
        String log = """
                2026-11-25T15:39:10.361Z INFO  [main] CoinpulseJob: coinpulse backfill: coinpulse.backfill.from=1772496000000
                backfill 100% │██████████│ 1/1 chunks (0:00:04 / 0:00:00) 0.2 chunks/s
                2026-11-25T15:39:20.101Z INFO  [main] Backfill: backfill 5b7e0c1e-7d4a-4a43-9b1e-8c2f0e0d9a11 of \
                [2026-03-03T00:00:00Z, 2026-03-03T00:06:00Z) done in 7.25 s: 50000 windows from 100000 ticks in 1 chunks, \
                50000 rows became final
                """;

        assertThat(BackfillRun.Logged.parse(log)).isEqualTo(new BackfillRun.Logged(7.25, 50_000, 100_000, null));
        assertThat(BackfillRun.Logged.parse("backfill started\n")).isNull();
    }

    @Test
    void readsHowLongEachPartTook() {
        String log = """
                2026-11-26T11:29:33.482Z INFO  [main] Backfill: backfill 1f0e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b of \
                [2026-03-03T00:00:00Z, 2026-03-03T00:16:00Z) done in 18.714 s: 150000 windows from 300000 ticks in 1 chunks, \
                150000 rows of the range final; the windows took 13.781 s, the derived analytics 4.933 s
                2026-11-26T11:29:33.490Z INFO  [main] CoinpulseJob: done
                """;

        assertThat(BackfillRun.Logged.parse(log)).isEqualTo(
                new BackfillRun.Logged(18.714, 150_000, 300_000, new BackfillRun.Phases(13.781, 4.933)));
    }

    @Test
    void equalRowsWithinTheToleranceAreTheSame() {
        Object[] stream = row(100.0, 12L, null);
        Object[] batch = row(100.0 * (1 + 1e-12), 12L, null);

        assertThat(BackfillRun.difference(stream, batch)).isNull();
    }

    @Test
    void namesTheFirstMetricThatDiffers() {
        assertThat(BackfillRun.difference(row(100.0, 12L, null), row(100.0, 13L, null))).isEqualTo("tick_count 12 vs 13");
        assertThat(BackfillRun.difference(row(100.0, 12L, null), row(100.0001, 12L, null))).startsWith("open 100.0 vs 100.0001");
        assertThat(BackfillRun.difference(row(100.0, 12L, null), row(100.0, 12L, 0.5))).isEqualTo("pct_change null vs 0.5");
        assertThat(BackfillRun.difference(row(100.0, 12L, null), null)).isEqualTo("missing from the backfill");
    }

    /** A row of {@link BackfillRun#METRICS}: every price {@code price}, counts {@code count}, pct_change as given. */
    private static Object[] row(double price, long count, Double pctChange) {
        Object[] values = new Object[BackfillRun.METRICS.length];
        for (int i = 0; i < values.length; i++) {
            String metric = BackfillRun.METRICS[i];
            values[i] = metric.endsWith("_count") ? (Object) count : metric.equals("pct_change") ? pctChange : (Object) price;
        }
        return values;
    }
}
