package io.coinpulse.ingest.tick;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.ingest.SampleDataset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SampleDatasetValidationTest {

    @Test
    void theThirtySevenInvalidLinesAreRejectedWithTheirReasonsAndTheOthersAccepted() {
        List<String> lines = SampleDataset.lines();
        assertThat(lines).hasSize(SampleDataset.LINES);

        Map<Integer, Reason> rejected = new TreeMap<>();
        int valid = 0;
        for (int i = 0; i < lines.size(); i++) {
            TickResult result = TickValidator.validate(lines.get(i));
            if (result instanceof TickResult.Invalid invalid) {
                rejected.put(i + 1, invalid.reason());
                assertThat(invalid.payload()).isEqualTo(lines.get(i));
            } else {
                valid++;
            }
        }
        assertThat(rejected).isEqualTo(SampleDataset.expectedRejections());
        assertThat(rejected).hasSize(SampleDataset.INVALID);
        assertThat(valid).isEqualTo(SampleDataset.VALID);
    }

    @Test
    void everyAcceptedLineRoundTripsThroughTheCanonicalJsonUnchanged() {
        for (String line : SampleDataset.lines()) {
            if (TickValidator.validate(line) instanceof TickResult.Valid valid) {
                Tick published = valid.tick().withIngestTime(1_772_400_000_000L);
                TickResult again = TickValidator.validate(TickJson.write(published));
                assertThat(again).isEqualTo(new TickResult.Valid(valid.tick()));
            }
        }
    }
}
