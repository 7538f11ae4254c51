package io.coinpulse.ingest.journal;

import com.squareup.tape2.QueueFile;
import io.coinpulse.ingest.config.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The bounded on-disk journal of records Kafka has not taken yet: a Tape {@code QueueFile}, a FIFO whose every
 * write is synced ({@code rwd}) and whose header is updated after the data, so a {@code kill -9} leaves an element
 * either whole or not there at all. Appends are grouped: one element (one sync) holds what arrived in the last
 * {@value #FLUSH_EVERY_MILLIS} ms, or {@value #FLUSH_AT} records, so a disk that syncs a hundred times a second
 * still takes thousands of ticks a second. What the file holds survives restarts; the drainer publishes it, head
 * first, and removes elements only once Kafka acknowledged all of their records.
 *
 * <p>Bounded by {@code coinpulse.ingest.journal.max-bytes}: each record counts its bytes and
 * {@value #RECORD_OVERHEAD} of framing (as if it had an element of its own, so the count does not depend on how
 * appends were grouped); an append that would pass the bound is refused, and the record counted as dropped for
 * its source. Meters: {@code coinpulse.ingest.journal.records}, {@code coinpulse.ingest.journal.bytes},
 * {@code coinpulse.ingest.journal.capacity.bytes}, {@code coinpulse.ingest.journal.dropped{source}}.
 */
@ApplicationScoped
public class Journal {

    /** Tape's element header, a batch's record count and the record's length, counted for every record. */
    static final int RECORD_OVERHEAD = 12;
    /** Tape's file header. */
    static final int FILE_HEADER = 32;
    static final int FLUSH_AT = 512;
    static final long FLUSH_EVERY_MILLIS = 20;

    /** Whole elements from the head of the journal: their records, in order. */
    public record Head(List<JournalEntry> entries, int elements, long bytes) {
    }

    private final IngestConfig config;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final List<byte[]> pending = new ArrayList<>();
    private JournalDrops drops;
    private QueueFile file;
    private ScheduledExecutorService flusher;
    private long capacity;
    private long records;
    private long bytes;

    public Journal(IngestConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @PostConstruct
    void open() {
        capacity = config.journal().maxBytes().asLongValue();
        if (capacity < 4096) {
            throw new IllegalStateException("coinpulse.ingest.journal.max-bytes must be at least 4096, got " + capacity);
        }
        Path path = Path.of(config.journal().path()).toAbsolutePath();
        try {
            Files.createDirectories(path.getParent());
            file = new QueueFile.Builder(path.toFile()).build();
            for (byte[] element : file) {
                for (byte[] entry : JournalEntry.unbatch(element)) {
                    records++;
                    bytes += RECORD_OVERHEAD + entry.length;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ingest journal " + path, e);
        }
        if (records > 0) {
            Log.infof("The ingest journal %s holds %d records (%d bytes) from before: they are published first", path,
                    records, bytes);
        }
        drops = new JournalDrops(registry);
        meters.add(Gauge.builder("coinpulse.ingest.journal.records", this, j -> j.status().records())
                .description("Records in the journal, waiting for Kafka").register(registry));
        meters.add(Gauge.builder("coinpulse.ingest.journal.bytes", this, j -> j.status().bytes())
                .description("Bytes the journal's records take, framing included").baseUnit("bytes").register(registry));
        meters.add(Gauge.builder("coinpulse.ingest.journal.capacity.bytes", this, j -> j.capacity)
                .description("The journal's bound (coinpulse.ingest.journal.max-bytes)").baseUnit("bytes")
                .register(registry));
        flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ingest-journal-flusher");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_EVERY_MILLIS, FLUSH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Registers the drop counter of {@code source} at zero. */
    public void register(String source) {
        drops.counter(source);
    }

    /**
     * Appends a record at the tail; it is on disk within {@value #FLUSH_EVERY_MILLIS} ms.
     *
     * @return false when the bound refused it (it is counted as dropped for its source)
     */
    public boolean append(JournalEntry entry) {
        byte[] stored = entry.encode();
        synchronized (this) {
            if (FILE_HEADER + bytes + RECORD_OVERHEAD + stored.length > capacity) {
                drops.dropped(entry.source(), capacity);
                return false;
            }
            pending.add(stored);
            records++;
            bytes += RECORD_OVERHEAD + stored.length;
            if (pending.size() >= FLUSH_AT) {
                flush();
            }
            return true;
        }
    }

    /** Writes the records appended since the last flush as one element. */
    public synchronized void flush() {
        if (pending.isEmpty() || file == null) {
            return;
        }
        try {
            file.add(JournalEntry.batch(pending));
        } catch (IOException e) {
            Log.errorf("cannot write the ingest journal, tried again in %d ms: %s", FLUSH_EVERY_MILLIS, e.toString());
            return;
        }
        pending.clear();
    }

    /** Nothing waits in the journal, on disk or about to be written. */
    public synchronized boolean isEmpty() {
        return records == 0;
    }

    /**
     * Whole elements from the head, oldest first, until they hold at least {@code min} records (or the file ends);
     * they stay until {@link #remove}. Records not flushed yet are not among them.
     */
    public synchronized Head peek(int min) {
        List<JournalEntry> entries = new ArrayList<>();
        int elements = 0;
        long size = 0;
        if (file == null) {
            return new Head(entries, 0, 0); // closed
        }
        Iterator<byte[]> head = file.iterator();
        while (entries.size() < min && head.hasNext()) {
            for (byte[] stored : JournalEntry.unbatch(head.next())) {
                entries.add(JournalEntry.decode(stored));
                size += RECORD_OVERHEAD + stored.length;
            }
            elements++;
        }
        return new Head(entries, elements, size);
    }

    /** Removes a {@link #peek}ed head whose records Kafka acknowledged. */
    public synchronized void remove(Head head) {
        try {
            file.remove(head.elements());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the ingest journal", e);
        }
        records -= head.entries().size();
        bytes -= head.bytes();
    }

    /** A read-only snapshot: depth, bytes, bound, drops per source. */
    public JournalStatus status() {
        long depth;
        long used;
        synchronized (this) {
            depth = records;
            used = bytes;
        }
        return new JournalStatus(depth, used, capacity, drops.counts());
    }

    @PreDestroy
    void close() {
        flusher.shutdownNow();
        synchronized (this) {
            flush();
            meters.forEach(registry::remove);
            meters.clear();
            try {
                file.close();
            } catch (IOException e) {
                Log.warnf("closing the ingest journal: %s", e.toString());
            }
            file = null;
        }
    }
}
