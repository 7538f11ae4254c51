package io.coinpulse.ingest.journal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One record on its way to Kafka, as the journal stores it.
 *
 * @param deadLetter true for {@code crypto.ticks.dlq}, false for {@code crypto.ticks}
 * @param source     the connector that handed it in (the meters' source)
 * @param key        the Kafka key (asset, or the source a dead letter claims); null when it has none
 * @param value      the record's UTF-8 bytes
 */
public record JournalEntry(boolean deadLetter, String source, String key, byte[] value) {

    private static final int VERSION = 1;

    public static JournalEntry tick(String source, String asset, byte[] value) {
        return new JournalEntry(false, source, asset, value);
    }

    public static JournalEntry deadLetter(String source, String key, byte[] value) {
        return new JournalEntry(true, source, key, value);
    }

    /** The stored form: version, channel, source, key (flagged when null), value. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + source.length() + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeBoolean(deadLetter);
            out.writeUTF(source);
            out.writeBoolean(key != null);
            if (key != null) {
                out.writeUTF(key);
            }
            out.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Several encoded entries as one journal element: their count, then each one's length and bytes. */
    static byte[] batch(List<byte[]> encoded) {
        int size = 4;
        for (byte[] entry : encoded) {
            size += 4 + entry.length;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(size);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(encoded.size());
            for (byte[] entry : encoded) {
                out.writeInt(entry.length);
                out.write(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The encoded entries of one journal element, in order. */
    public static List<byte[]> unbatch(byte[] element) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(element))) {
            int count = in.readInt();
            List<byte[]> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                entries.add(in.readNBytes(in.readInt()));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #encode()} wrote; a version it does not know is an error, never a guess. */
    public static JournalEntry decode(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("journal entry of unknown version " + version);
            }
            boolean deadLetter = in.readBoolean();
            String source = in.readUTF();
            String key = in.readBoolean() ? in.readUTF() : null;
            return new JournalEntry(deadLetter, source, key, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
