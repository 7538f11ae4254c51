package io.coinpulse.spark.lake;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lake rows of small micro-batches, held in files of their own ({@code <dir>/<batchId>}) on the
 * checkpoint's file system until one commit takes them all: a stream triggered every 250 ms would
 * otherwise make four Iceberg snapshots a second. A file is written whole (to a temporary name,
 * then renamed), so a crash leaves a batch held entirely or not at all; a replayed batch writes the
 * same file again.
 */
final class LakeBuffer {

    /** One held batch: its id and its tick and final-window rows. */
    record Batch(long id, List<Object[]> ticks, List<Object[]> windows) {
    }

    private final Path dir;
    private final FileSystem fs;

    LakeBuffer(String dir, Configuration hadoop) {
        this.dir = new Path(dir);
        try {
            this.fs = this.dir.getFileSystem(hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lake buffer at " + dir, e);
        }
    }

    /** Holds one batch's tick and final-window rows (each row its column values). */
    void put(long batchId, List<Object[]> ticks, List<Object[]> windows) throws IOException {
        Path file = new Path(dir, Long.toString(batchId));
        Path tmp = new Path(dir, "_" + batchId + ".tmp");
        try (ObjectOutputStream out = new ObjectOutputStream(fs.create(tmp, true))) {
            out.writeObject(new ArrayList<>(ticks));
            out.writeObject(new ArrayList<>(windows));
        }
        fs.delete(file, false);
        if (!fs.rename(tmp, file)) {
            throw new IOException("cannot rename " + tmp + " to " + file);
        }
    }

    /** The held batches, oldest first. */
    @SuppressWarnings("unchecked")
    List<Batch> read() throws IOException {
        List<Batch> held = new ArrayList<>();
        for (var e : files().entrySet()) {
            try (ObjectInputStream in = new ObjectInputStream(fs.open(e.getValue().getPath()))) {
                held.add(new Batch(e.getKey(), (List<Object[]>) in.readObject(), (List<Object[]>) in.readObject()));
            } catch (ClassNotFoundException x) {
                throw new IOException("unreadable lake buffer file " + e.getValue().getPath(), x);
            }
        }
        return held;
    }

    /** When the oldest held batch was written (epoch ms), or -1 when nothing is held. */
    long oldestMillis() throws IOException {
        TreeMap<Long, FileStatus> files = files();
        return files.isEmpty() ? -1 : files.firstEntry().getValue().getModificationTime();
    }

    /** Forgets the batches up to {@code batchId}, once they are committed. */
    void clearThrough(long batchId) throws IOException {
        for (var e : files().headMap(batchId, true).entrySet()) {
            fs.delete(e.getValue().getPath(), false);
        }
    }

    private TreeMap<Long, FileStatus> files() throws IOException {
        TreeMap<Long, FileStatus> files = new TreeMap<>();
        if (!fs.exists(dir)) {
            return files;
        }
        for (FileStatus f : fs.listStatus(dir)) {
            String name = f.getPath().getName();
            if (name.chars().allMatch(Character::isDigit)) {
                files.put(Long.parseLong(name), f);
            }
        }
        return files;
    }
}
