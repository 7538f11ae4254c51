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
 */
public final class ReplayReader implements Closeable {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private final BufferedReader reader;
    private final boolean gzip;
    private boolean first = true;

    private ReplayReader(BufferedReader reader, boolean gzip) {
        this.reader = reader;
        this.gzip = gzip;
    }

    public static ReplayReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            boolean gzip = in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
            in.reset();
            InputStream content = gzip ? new GZIPInputStream(in, 1 << 16) : in;
            return new ReplayReader(new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 1 << 16),
                    gzip);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Whether the file is gzip-compressed. */
    public boolean gzip() {
        return gzip;
    }

    /** The next line, or null at the end of the file. */
    public String nextLine() throws IOException {
        String line = reader.readLine();
        if (first && line != null && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        first = false;
        return line;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
