package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What replay says about a file before publishing it: lines, recorded frames, duplicates, newest event time. */
class ReplayFileTest {

    @Test
    void theGzippedTickSampleHasItsLinesDuplicatesAndNewestEventTime() throws Exception {
        // the values of ../shared/datasets/ticks-sample.jsonl, counted apart from this code
        assertThat(ReplayFile.scan(PipelineProbe.HOME.resolve("samples/ticks-sample.jsonl.gz")))
                .isEqualTo(new ReplayFile(7_315, 0, 78, 1_772_323_560_916L));
    }

    @Test
    void theFrameRecordingIsFramesOnly() throws Exception {
        assertThat(ReplayFile.scan(PipelineProbe.HOME.resolve("samples/frames-sample.jsonl")))
                .isEqualTo(new ReplayFile(8, 8, 0, 0));
    }

    @Test
    void blankLinesAreNotCountedAndInvalidLinesAreNeverDuplicates(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ticks.jsonl");
        Files.writeString(file, """
                {"source":"a","id":"1","eventTime":5}

                {"source":"a","id":"1","eventTime":7}
                {"source":"b","id":"1","eventTime":6}
                {"source":"a","id":
                {"source":"a","id":
                [1,2]
                """);
        assertThat(ReplayFile.scan(file)).isEqualTo(new ReplayFile(6, 0, 1, 7));
    }
}
