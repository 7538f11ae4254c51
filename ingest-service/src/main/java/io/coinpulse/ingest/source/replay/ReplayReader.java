package io.coinpulse.ingest.source.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a replay file line by line, UTF-8, gzip or not: gzip is recognised by its magic bytes whatever
 * the file's name (a {@code .gz} file, concatenated members included). A UTF-8 byte-order mark is dropped;
 * lines come without their terminator ({@code \n} or {@code \r\n}), otherwise exactly as in the file.
 *
 * <p>A line longer than the limit given to {@link #open(Path, int)} (in UTF-8 bytes) is never held whole: its
 * first {@link #EXCERPT_CHARS} characters are kept as an excerpt, the rest is skipped up to the next line, and it
 * comes back as a {@link Line#oversized()} line. Memory per line is bounded by the limit.
 */
public final class ReplayReader implements Closeable {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    /** Characters of an oversized line kept as its excerpt. */
    public static final int EXCERPT_CHARS = 256;

    /**
     * One line of the file.
     *
     * @param text      the line without its terminator, or only its first {@link #EXCERPT_CHARS} characters when
     *                  oversized
     * @param bytes     its length in UTF-8 bytes (of the decoded text)
     * @param oversized whether it was longer than the limit, and so cut to an excerpt
     */
    public record Line(String text, long bytes, boolean oversized) {
    }

    private final BufferedReader reader;
    private final boolean gzip;
    private final int maxLineBytes;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private boolean first = true;

    private ReplayReader(BufferedReader reader, boolean gzip, int maxLineBytes) {
        this.reader = reader;
        this.gzip = gzip;
        this.maxLineBytes = maxLineBytes;
    }

    /** Opens a file with no limit on the length of a line. */
    public static ReplayReader open(Path file) throws IOException {
        return open(file, Integer.MAX_VALUE);
    }

    /** Opens a file whose lines longer than {@code maxLineBytes} UTF-8 bytes are cut to an excerpt. */
    public static ReplayReader open(Path file, int maxLineBytes) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            boolean gzip = in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
            in.reset();
            InputStream content = gzip ? new GZIPInputStream(in, 1 << 16) : in;
            return new ReplayReader(new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 1 << 16),
                    gzip, maxLineBytes);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Whether the file is gzip-compressed. */
    public boolean gzip() {
        return gzip;
    }

    /** The next line's text (an excerpt if oversized), or null at the end of the file. */
    public String nextLine() throws IOException {
        Line line = next();
        return line == null ? null : line.text();
    }

    /**
     * The next line, or null at the end of the file. A line within the buffer becomes its {@code String} in one copy;
     * only one that spans a refill goes through a builder (the builder per line was a sixth of a replay's allocations).
     */
    public Line next() throws IOException {
        StringBuilder spanning = null;
        String whole = null;
        long bytes = 0;
        boolean oversized = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = reader.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                char c = buffer[end];
                bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
                end++;
            }
            if (!oversized) {
                if (bytes > maxLineBytes) {
                    oversized = true;
                    spanning = spanning == null ? new StringBuilder(EXCERPT_CHARS) : spanning;
                    spanning.append(buffer, start, Math.min(end - start, Math.max(0, EXCERPT_CHARS - spanning.length())));
                    spanning.setLength(Math.min(spanning.length(), EXCERPT_CHARS));
                } else if (spanning == null && end < limit) {
                    whole = new String(buffer, start, end - start);
                } else {
                    spanning = spanning == null ? new StringBuilder() : spanning;
                    spanning.append(buffer, start, end - start);
                }
            }
            position = end;
            if (end < limit) {
                position++; // the \n
                break;
            }
        }
        String text = whole != null ? whole : spanning != null ? spanning.toString() : "";
        if (!oversized && text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
            bytes--;
        }
        if (first && text.startsWith("\uFEFF")) {
            text = text.substring(1);
            bytes -= 3;
        }
        first = false;
        return new Line(text, bytes, oversized);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
