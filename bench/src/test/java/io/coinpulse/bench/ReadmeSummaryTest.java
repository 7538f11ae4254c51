package io.coinpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's benchmark table, one short line per row of the full report. */
class ReadmeSummaryTest {

    static final List<String[]> ROWS = List.of(
            new String[] {"ingest (10 assets)", "170,213 events/s (replay file → ticks topic, 600,000 records in 3.53 s)",
                "305,188 records/s ProducerPerformance", "0.56x", "≥ 0.5x", "yes"},
            new String[] {"streaming cost per event", "2.79x: 180.7 µs/event at 10,000 assets vs 64.8 µs at 10", "—", "2.79x",
                "≤ 1.25x", "**no**"},
            new String[] {"freshness at 2,000 events/s", "p50 726 ms, p95 1463 ms, p99 1906 ms, max 2313 ms (448 markers)",
                "the same job with nothing but the markers", "—", "p99 ≤ 1 s", "**no**"},
            new String[] {"query `/assets/{a}`", "p50 0.49 ms, p99 3.97 ms, max 27.36 ms at 2,000 requests/s (60,000 requests)",
                "service time alone 1.37 ms", "—", "p99 ≤ 10 ms at 2,000/s", "yes"},
            new String[] {"footprint", "2.84 GiB peak RSS in all under the 10,000 events/s load (MiB: kafka 493)", "—", "—",
                "≤ 3 GiB", "yes"});

    static final String TABLE = """
            | stage | target | measured | met |
            |---|---|---|---|
            | ingest (10 assets) | ≥ 0.5x | 0.56x (170,213 events/s) | yes |
            | streaming cost per event | ≤ 1.25x | 2.79x: 180.7 µs/event at 10,000 assets vs 64.8 µs at 10 | **no** |
            | freshness at 2,000 events/s | p99 ≤ 1 s | p99 1906 ms | **no** |
            | query `/assets/{a}` | p99 ≤ 10 ms at 2,000/s | p99 3.97 ms | yes |
            | footprint | ≤ 3 GiB | 2.84 GiB peak RSS in all under the 10,000 events/s load | yes |
            """;

    @TempDir
    Path dir;

    @Test
    void eachRowIsItsStageTargetShortFigureAndVerdict() {
        assertThat(ReadmeSummary.table(ROWS)).isEqualTo(TABLE);
    }

    @Test
    void theBlockBetweenTheMarkersIsReplacedAndTheRestKept() throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# x\n\n" + ReadmeSummary.BEGIN + "\nold\n" + ReadmeSummary.END + "\n\nafter\n");

        ReadmeSummary.write(ROWS, readme);

        assertThat(Files.readString(readme)).isEqualTo("# x\n\n" + ReadmeSummary.BEGIN + "\n\n" + TABLE + "\n"
                + ReadmeSummary.END + "\n\nafter\n");
    }

    @Test
    void aReadmeWithoutTheMarkersIsLeftAsItIs() throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# no markers\n");

        ReadmeSummary.write(ROWS, readme);

        assertThat(Files.readString(readme)).isEqualTo("# no markers\n");
    }
}
