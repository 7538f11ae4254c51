package io.coinpulse.spark.transform;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.spark.config.WindowSize;
import io.coinpulse.spark.testing.LocalSpark;
import io.coinpulse.spark.testing.Rows;
import io.coinpulse.spark.testing.SampleDataset;
import io.coinpulse.spark.testing.WindowComparison;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The sample dataset through the job's transformations equals the dataset's expected 1-minute
 * windows, every metric of every window.
 */
class SampleDatasetTest {

    @Test
    void validTicksGiveExactlyTheExpectedWindows() {
        Dataset<Row> ticks = TickParser.parse(LocalSpark.records(SampleDataset.validLines()));

        List<Map<String, Object>> windows = Rows.collect(WindowMetrics.aggregate(
                TickDeduplicator.deduplicate(ticks, "30 seconds"), WindowSize.parse("1m")));

        Map<String, SampleDataset.Window> expected = SampleDataset.expected1m();
        assertThat(expected).hasSize(53);
        assertThat(WindowComparison.differences(expected, windows)).isEmpty();
        assertThat(windows).allSatisfy(w -> assertThat(w.get("window_size")).isEqualTo("1m"));
    }

    @Test
    void theWholeFileInvalidLinesIncludedGivesTheSameWindowsAndRejectsExactlyTheInvalidLines() {
        List<String> lines = SampleDataset.lines();
        Dataset<Row> validated = TickParser.validate(LocalSpark.records(lines)).cache();

        List<Row> rejected = validated.where(col(TickParser.REJECT_REASON).isNotNull())
                .select("kafka_offset", TickParser.REJECT_REASON).collectAsList();
        Set<Long> expectedInvalid = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!SampleDataset.isValid(lines.get(i))) {
                expectedInvalid.add((long) i);
            }
        }
        assertThat(expectedInvalid).hasSize(37);
        assertThat(rejected).extracting(r -> r.getLong(0)).containsExactlyInAnyOrderElementsOf(expectedInvalid);
        assertThat(rejected).extracting(r -> r.getString(1)).containsOnly("malformed_json", "invalid_kind",
                "invalid_asset", "invalid_price", "invalid_size", "invalid_event_time");

        Dataset<Row> ticks = validated.where(col(TickParser.REJECT_REASON).isNull()).drop(TickParser.REJECT_REASON);
        List<Map<String, Object>> windows = Rows.collect(WindowMetrics.aggregate(
                TickDeduplicator.deduplicate(ticks, "30 seconds"), WindowSize.parse("1m")));
        assertThat(WindowComparison.differences(SampleDataset.expected1m(), windows)).isEmpty();
        validated.unpersist();
    }
}
