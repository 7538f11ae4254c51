package io.coinpulse.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * What {@code replay} tells the user about a file before and after ingest plays it: its lines (the
 * progress bar's total) and its duplicate canonical ticks, lines repeating an earlier line's
 * {@code (source, id)}, which the stream counts once (SPEC §4). Gzip is recognised by its magic bytes,
 * as ingest does.
 *
 * @param lines the non-blank lines, each a canonical tick or a recorded raw frame
 * @param frames the lines that are recorded raw frames (they have a {@code frame} field)
 * @param duplicates the canonical ticks whose {@code (source, id)} an earlier line has
 * @param newestEventTime the largest integral {@code eventTime} of the canonical ticks, 0 without any
 */
record ReplayFile(long lines, long frames, long duplicates, long newestEventTime) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ReplayFile scan(Path file) throws IOException {
        long lines = 0;
        long frames = 0;
        long duplicates = 0;
        long newest = 0;
        Set<String> seen = new HashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                JsonNode node = parse(line);
                if (node == null) {
                    continue;
                }
                if (node.has("frame")) {
                    frames++;
                    continue;
                }
                if (node.path("eventTime").canConvertToExactIntegral()) {
                    newest = Math.max(newest, node.get("eventTime").asLong());
                }
                if (node.path("source").isTextual() && node.path("id").isTextual()
                        && !seen.add(node.get("source").textValue() + '\u0000' + node.get("id").textValue())) {
                    duplicates++;
                }
            }
        }
        return new ReplayFile(lines, frames, duplicates, newest);
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null; // ingest rejects it, with its reason, to the dead-letter topic
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in) : in;
    }
}
