package io.coinpulse.spark.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts a query's checkpoint into the state a crash leaves behind when it strikes after the sink
 * wrote a micro-batch and before Spark recorded it as committed: on the next start Spark runs
 * that batch again, with the same offsets.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * Forgets the commit of the last micro-batch that read records (and every no-data batch after
     * it, offsets and commit alike).
     *
     * @return the id of the batch Spark will run again
     */
    public static long forgetLastDataBatch(Path queryCheckpoint) throws IOException {
        Path offsets = queryCheckpoint.resolve("offsets");
        Path commits = queryCheckpoint.resolve("commits");
        long last = lastBatch(offsets);
        while (last > 0 && sourceOffsets(offsets, last).equals(sourceOffsets(offsets, last - 1))) {
            delete(offsets, last);
            delete(commits, last);
            last--;
        }
        delete(commits, last);
        return last;
    }

    private static long lastBatch(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .mapToLong(Long::parseLong).max().orElseThrow(() -> new IllegalStateException("no batch in " + dir));
        }
    }

    /** The source offsets of a batch: the offset log's lines after the version and the metadata. */
    private static List<String> sourceOffsets(Path offsets, long batch) throws IOException {
        List<String> lines = Files.readAllLines(offsets.resolve(Long.toString(batch)));
        return lines.subList(2, lines.size());
    }

    private static void delete(Path dir, long batch) throws IOException {
        Files.delete(dir.resolve(Long.toString(batch)));
        Files.deleteIfExists(dir.resolve("." + batch + ".crc"));
    }
}
