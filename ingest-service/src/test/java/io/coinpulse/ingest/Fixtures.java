package io.coinpulse.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real payloads of the public APIs in {@code ../shared/fixtures/sources/} (beside the project; provenance in
 * its SOURCES.md), which the parsers and the fake servers of the tests use.
 */
public final class Fixtures {

    /**
     * The {@code trade} update example of Kraken's WebSocket v2 documentation: the fixtures hold no Kraken trade,
     * so this one is copied from the provider's docs like the other "docs" fixtures.
     */
    public static final String KRAKEN_V2_TRADE_DOCS = "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":"
            + "\"MATIC/USD\",\"side\":\"buy\",\"price\":0.5147,\"qty\":6423.46326,\"ord_type\":\"limit\","
            + "\"trade_id\":4665846,\"timestamp\":\"2023-09-25T07:48:36.925533Z\"}]}";

    private Fixtures() {
    }

    /** The fixtures folder, found by walking up from the working directory. */
    public static Path dir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/sources");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures/sources not found above " + Path.of("").toAbsolutePath());
    }

    /** A fixture's text exactly as stored. */
    public static String read(String name) {
        try {
            return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture's text without surrounding whitespace (some end in a newline). */
    public static String frame(String name) {
        return read(name).strip();
    }
}
