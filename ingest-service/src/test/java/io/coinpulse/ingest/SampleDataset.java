package io.coinpulse.ingest;

import io.coinpulse.ingest.tick.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ../shared/datasets/ticks-sample.jsonl} (beside the project) and the reason each of its 37 invalid
 * lines must be rejected for ({@code ticks-sample.rejections.csv}, written by an independent script).
 */
public final class SampleDataset {

    public static final int LINES = 7_315;
    public static final int INVALID = 37;
    public static final int VALID = 7_278;

    private SampleDataset() {
    }

    /** The dataset, found by walking up from the working directory to the folder beside the project. */
    public static Path file() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets/ticks-sample.jsonl");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/datasets/ticks-sample.jsonl not found above " + Path.of("").toAbsolutePath());
    }

    /** The file's lines, without terminators. */
    public static List<String> lines() {
        try {
            return Files.readAllLines(file(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 1-based line number → expected DLQ reason. */
    public static Map<Integer, Reason> expectedRejections() {
        try (InputStream in = SampleDataset.class.getResourceAsStream("tick/ticks-sample.rejections.csv")) {
            Map<Integer, Reason> expected = new TreeMap<>();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            text.lines().filter(l -> !l.startsWith("#") && !l.startsWith("line,") && !l.isBlank()).forEach(l -> {
                String[] cells = l.split(",");
                Reason reason = Arrays.stream(Reason.values()).filter(r -> r.code().equals(cells[1])).findFirst()
                        .orElseThrow(() -> new IllegalStateException("unknown reason " + cells[1]));
                expected.put(Integer.parseInt(cells[0]), reason);
            });
            return expected;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
