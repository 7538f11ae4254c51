package io.coinpulse.ingest.source.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AckedLinesTest {

    @TempDir
    Path dir;

    @Test
    void thePositionIsTheLinesFromTheStartAllOfWhoseRecordsAreSettled() {
        AckedLines acked = new AckedLines(10);
        assertThat(acked.settled()).isEqualTo(10);
        Runnable line10 = acked.expect(10, 2);
        Runnable line11 = acked.expect(11, 1);
        acked.expect(12, 0).run(); // a line without records (all skipped)
        Runnable line13 = acked.expect(13, 1);
        acked.handedOver(14);
        assertThat(acked.settled()).isEqualTo(10);

        line11.run(); // acknowledged out of order: line 10 still holds the position
        line13.run();
        line10.run();
        assertThat(acked.settled()).isEqualTo(10);
        line10.run();
        assertThat(acked.settled()).isEqualTo(14);
    }

    @Test
    void aLineRegisteredButNotYetHandedOverDoesNotMoveThePosition() {
        AckedLines acked = new AckedLines(0);
        Runnable line0 = acked.expect(0, 1);
        line0.run(); // acknowledged before the reader marked it handed over
        assertThat(acked.settled()).isZero();
        acked.handedOver(1);
        assertThat(acked.settled()).isEqualTo(1);
    }

    @Test
    void thePositionIsSavedEveryNLinesAndForgottenWhenComplete() throws IOException {
        Path file = Files.writeString(dir.resolve("a.jsonl"), "x\n");
        ReplayPositionStore store = new ReplayPositionStore(dir.resolve("position"));
        ReplayFileId id = ReplayFileId.of(file);
        ReplayPosition position = new ReplayPosition(store, id, 5, 3);
        long now = System.nanoTime();
        for (long line = 5; line < 12; line++) {
            position.acked().expect(line, 1).run();
            position.acked().handedOver(line + 1);
            boolean saved = position.saveIfDue(now);
            assertThat(saved).as("saved after line %d", line).isEqualTo(line == 7 || line == 10);
        }
        assertThat(position.saved()).isEqualTo(11);
        assertThat(store.read().orElseThrow()).isEqualTo(new ReplayPositionStore.Saved(id, 11));
        // a second later the remaining line is saved too
        assertThat(position.saveIfDue(now + 1_000_000_000L)).isTrue();
        assertThat(store.read().orElseThrow().lines()).isEqualTo(12);
        assertThat(position.saveIfDue(now + 3_000_000_000L)).as("nothing new").isFalse();

        position.complete();
        assertThat(store.read()).isEmpty();
    }
}
