package io.coinpulse.ingest.source.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The durable position of a replay: how many lines of which file Kafka acknowledged in full, in a small text file
 * next to the journal. A write goes to a temporary file, is synced, and replaces the old one atomically; its last
 * line is a CRC-32 of the others, so a torn or foreign file is recognised and ignored (the replay then starts from
 * the beginning: records twice, none lost).
 */
final class ReplayPositionStore {

    private static final String MAGIC = "coinpulse-replay-position 1";
    private static final List<String> KEYS = List.of("file", "size", "head-sha256", "lines");

    /** A position read back: the file it is of and its acknowledged lines. */
    record Saved(ReplayFileId file, long lines) {
    }

    /** Where a replay starts: {@code lines} to skip, and why, in words for the log. */
    record Resume(long lines, String reason) {
    }

    private final Path location;

    ReplayPositionStore(Path location) {
        this.location = location.toAbsolutePath();
    }

    /** The store beside {@code journal}: {@code <journal>.replay-position}. */
    static ReplayPositionStore besideJournal(Path journal) {
        Path absolute = journal.toAbsolutePath();
        return new ReplayPositionStore(absolute.resolveSibling(absolute.getFileName() + ".replay-position"));
    }

    Path location() {
        return location;
    }

    /** Where a replay of {@code file} starts: after its saved lines, or at 0 when none are saved for this file. */
    Resume resumeAt(ReplayFileId file) {
        Optional<Saved> saved;
        try {
            saved = read();
        } catch (IOException e) {
            return new Resume(0, "the saved position " + location + " is unreadable (" + e.getMessage()
                    + "): replaying from the start");
        }
        if (saved.isEmpty()) {
            return new Resume(0, "no saved position: replaying from the start");
        }
        if (!saved.get().file().equals(file)) {
            return new Resume(0, "the saved position is of another file (" + saved.get().file().path() + ", "
                    + saved.get().file().size() + " bytes): replaying from the start");
        }
        long lines = saved.get().lines();
        return new Resume(lines, "resuming after line " + lines + ", acknowledged by Kafka before the last stop");
    }

    /** The saved position, if any. */
    Optional<Saved> read() throws IOException {
        if (!Files.exists(location)) {
            return Optional.empty();
        }
        String text = Files.readString(location, StandardCharsets.UTF_8);
        int crcAt = text.lastIndexOf("crc32=");
        if (crcAt < 0 || !text.endsWith("\n")) {
            throw new InvalidPosition("no checksum: a torn write");
        }
        String body = text.substring(0, crcAt);
        if (!crc(body).equals(text.substring(crcAt + "crc32=".length(), text.length() - 1))) {
            throw new InvalidPosition("checksum mismatch: a torn write");
        }
        String[] lines = body.split("\n");
        if (lines.length != KEYS.size() + 1 || !lines[0].equals(MAGIC)) {
            throw new InvalidPosition("not a position of this version");
        }
        String[] values = new String[KEYS.size()];
        for (int i = 0; i < KEYS.size(); i++) {
            String prefix = KEYS.get(i) + "=";
            if (!lines[i + 1].startsWith(prefix)) {
                throw new InvalidPosition("line " + (i + 2) + " is not " + KEYS.get(i));
            }
            values[i] = lines[i + 1].substring(prefix.length());
        }
        try {
            return Optional.of(new Saved(new ReplayFileId(values[0], Long.parseLong(values[1]), values[2]),
                    Long.parseLong(values[3])));
        } catch (NumberFormatException e) {
            throw new InvalidPosition("a number is not one: " + e.getMessage());
        }
    }

    /** Saves that {@code lines} lines of {@code file} are acknowledged: atomically, synced. */
    void save(ReplayFileId file, long lines) throws IOException {
        String body = MAGIC + "\nfile=" + file.path() + "\nsize=" + file.size() + "\nhead-sha256=" + file.headSha256()
                + "\nlines=" + lines + "\n";
        byte[] bytes = (body + "crc32=" + crc(body) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(location.getParent());
        Path temporary = location.resolveSibling(location.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temporary, location, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Forgets the position: the replay it was of is complete. */
    void clear() throws IOException {
        Files.deleteIfExists(location);
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    /** A position file that is not one: torn, foreign or of another version. */
    static final class InvalidPosition extends IOException {
        InvalidPosition(String message) {
            super(message);
        }
    }
}
