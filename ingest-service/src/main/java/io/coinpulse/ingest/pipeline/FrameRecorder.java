package io.coinpulse.ingest.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.coinpulse.ingest.config.IngestConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * With {@code coinpulse.ingest.record.file} set, appends every raw frame the live sources receive as
 * {@code {"source":"binance","receivedAt":<epoch ms>,"frame":"<raw text exactly as received>"}} lines, which
 * the replay source plays back through the same parsers. Replayed lines are not recorded again.
 *
 * <p>Lines are buffered and written whole (never split across writes) every second, when the buffer
 * passes 64 KiB, and on shutdown, so a reader or a crash sees complete lines. A file whose name ends in
 * {@code .gz} is gzip: each write is one complete gzip member (a reader sees the concatenation, as
 * {@code zcat} and the replay source do), so appending to an existing recording and a crash between writes
 * are both fine. A write error stops recording (logged), never ingest.
 */
@ApplicationScoped
public class FrameRecorder {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int FLUSH_AT = 64 * 1024;

    private final IngestConfig config;
    private final StringBuilder pending = new StringBuilder(FLUSH_AT + 4096);
    private FileChannel out;
    private Path file;
    private boolean gzip;

    public FrameRecorder(IngestConfig config) {
        this.config = config;
    }

    /** Opens the recording file (append) when one is configured; fails startup when it cannot. */
    public synchronized void open() {
        if (out != null || config.record().file().filter(f -> !f.isBlank()).isEmpty()) {
            return;
        }
        file = Path.of(config.record().file().get()).toAbsolutePath();
        gzip = file.getFileName().toString().endsWith(".gz");
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the recording file " + file
                    + " (coinpulse.ingest.record.file): " + e, e);
        }
        Log.infof("recording raw frames to %s%s", file, gzip ? " (gzip)" : "");
    }

    public synchronized boolean recording() {
        return out != null;
    }

    public synchronized void record(String source, long receivedAt, String frame) {
        if (out == null) {
            return;
        }
        pending.append(line(source, receivedAt, frame)).append('\n');
        if (pending.length() >= FLUSH_AT) {
            flush();
        }
    }

    /** One recording line, without its newline. */
    public static String line(String source, long receivedAt, String frame) {
        StringWriter text = new StringWriter(frame.length() + 64);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("source", source);
            json.writeNumberField("receivedAt", receivedAt);
            json.writeStringField("frame", frame);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Writes the buffered lines now (also done every second and on shutdown). */
    @Scheduled(every = "1s", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public synchronized void flush() {
        if (out == null || pending.isEmpty()) {
            return;
        }
        byte[] text = pending.toString().getBytes(StandardCharsets.UTF_8);
        pending.setLength(0);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(gzip ? gzipMember(text) : text);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            Log.errorf("recording to %s failed, recording stops: %s", file, e);
            closeQuietly();
        }
    }

    private static byte[] gzipMember(byte[] text) throws IOException {
        ByteArrayOutputStream member = new ByteArrayOutputStream(text.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(member)) {
            gz.write(text);
        }
        return member.toByteArray();
    }

    @PreDestroy
    synchronized void close() {
        flush();
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            Log.debugf("closing %s: %s", file, e);
        } finally {
            out = null;
        }
    }
}
