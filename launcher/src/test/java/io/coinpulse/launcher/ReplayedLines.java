package io.coinpulse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample file's lines as a replay numbers them (0-based, every line), split into the invalid ones (those whose
 * text is a DLQ payload) and the valid ticks, each keyed by {@code (source, id)}: what a resumed replay must
 * publish from a line on, and which duplicates a restart may cause.
 */
final class ReplayedLines {

    private static final Pattern SAVED_LINES = Pattern.compile("(?m)^lines=(\\d+)$");

    private final List<String> lines;
    private final Set<String> invalid;
    private final ObjectMapper json;

    ReplayedLines(Path file, Set<String> invalidPayloads, ObjectMapper json) throws IOException {
        this.lines = Files.readAllLines(file);
        this.invalid = invalidPayloads;
        this.json = json;
    }

    /** The lines a replay's saved position beside {@code journal} says Kafka acknowledged; 0 without one. */
    static long savedPosition(Path journal) throws IOException {
        Path position = journal.resolveSibling(journal.getFileName() + ".replay-position");
        if (!Files.exists(position)) {
            return 0;
        }
        Matcher m = SAVED_LINES.matcher(Files.readString(position));
        if (!m.find()) {
            throw new AssertionError("no lines= in " + position);
        }
        return Long.parseLong(m.group(1));
    }

    /** {@code (source, id)} of a tick's JSON. */
    String key(String tickJson) {
        try {
            JsonNode tick = json.readTree(tickJson);
            return tick.path("source").asText() + "/" + tick.path("id").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + tickJson, e);
        }
    }

    /** How often each valid tick's key occurs in lines {@code from} onwards. */
    Map<String, Integer> validFrom(long from) {
        Map<String, Integer> keys = new HashMap<>();
        for (int i = (int) from; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && !invalid.contains(line)) {
                keys.merge(key(line), 1, Integer::sum);
            }
        }
        return keys;
    }

    /** How often each invalid line occurs in lines {@code from} onwards. */
    Map<String, Integer> invalidFrom(long from) {
        Map<String, Integer> texts = new HashMap<>();
        for (int i = (int) from; i < lines.size(); i++) {
            if (invalid.contains(lines.get(i))) {
                texts.merge(lines.get(i), 1, Integer::sum);
            }
        }
        return texts;
    }
}
