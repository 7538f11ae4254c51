package io.coinpulse.ingest.source.replay;

import java.io.IOException;
import java.nio.file.Path;

/** Test access to the replay position beside a journal: what a replay killed midway leaves behind. */
public final class SavedPositions {

    private SavedPositions() {
    }

    /** Saves that {@code lines} lines of {@code file} were acknowledged, as the replay does. */
    public static void save(Path journal, Path file, long lines) throws IOException {
        ReplayPositionStore.besideJournal(journal).save(ReplayFileId.of(file), lines);
    }

    /** The position file beside {@code journal}. */
    public static Path location(Path journal) {
        return ReplayPositionStore.besideJournal(journal).location();
    }
}
