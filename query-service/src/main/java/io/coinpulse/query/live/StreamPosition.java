package io.coinpulse.query.live;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a client is in the live stream: for every Kafka partition, the offset of the last record
 * it has been given. It is the SSE event id, rendered {@code m0:1041,m1:977,a0:12} ({@code m}: the
 * metrics topic, {@code a}: the alerts topic, then the partition number). Kafka offsets are the same
 * on every replica, so a client that reconnects to another replica resumes exactly where it was.
 */
public final class StreamPosition {

    /** The position before any record: rendered {@code 0}. */
    public static final StreamPosition START = new StreamPosition(new TreeMap<>());

    /** Most partitions an id may name: bounds the work a request header can cause. */
    static final int MAX_PARTITIONS = 512;

    private static final Pattern ENTRY = Pattern.compile("([ma])([0-9]{1,5}):([0-9]{1,18})");

    private final TreeMap<String, Long> offsets;

    private StreamPosition(TreeMap<String, Long> offsets) {
        this.offsets = offsets;
    }

    /** The partition key of {@code partition} of the metrics ({@code metrics = true}) or alerts topic. */
    public static String key(boolean metrics, int partition) {
        return (metrics ? "m" : "a") + partition;
    }

    /**
     * Parses a {@code Last-Event-ID}.
     *
     * @throws IllegalArgumentException when it is not a position this service renders
     */
    public static StreamPosition parse(String text) {
        if ("0".equals(text)) {
            return START;
        }
        TreeMap<String, Long> offsets = new TreeMap<>();
        String[] entries = text.split(",", -1);
        if (entries.length > MAX_PARTITIONS) {
            throw new IllegalArgumentException("names more than " + MAX_PARTITIONS + " partitions");
        }
        for (String entry : entries) {
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + entry + "' is not <m|a><partition>:<offset>");
            }
            if (offsets.put(m.group(1) + Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))) != null) {
                throw new IllegalArgumentException("names partition " + m.group(1) + m.group(2) + " twice");
            }
        }
        return new StreamPosition(offsets);
    }

    /** This position with {@code partition} advanced to {@code offset}. */
    StreamPosition with(String partition, long offset) {
        TreeMap<String, Long> next = new TreeMap<>(offsets);
        next.put(partition, offset);
        return new StreamPosition(next);
    }

    /** The offset of the last record of {@code partition} given, empty when none was. */
    public OptionalLong offset(String partition) {
        Long offset = offsets.get(partition);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** The partitions this position names. */
    public Set<String> partitions() {
        return Collections.unmodifiableSet(offsets.keySet());
    }

    Map<String, Long> offsets() {
        return Collections.unmodifiableMap(offsets);
    }

    /** The SSE id: {@code m0:1041,m1:977,a0:12}, or {@code 0} before any record. */
    public String render() {
        if (offsets.isEmpty()) {
            return "0";
        }
        StringBuilder id = new StringBuilder(offsets.size() * 12);
        offsets.forEach((partition, offset) -> {
            if (!id.isEmpty()) {
                id.append(',');
            }
            id.append(partition).append(':').append(offset);
        });
        return id.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamPosition other && offsets.equals(other.offsets);
    }

    @Override
    public int hashCode() {
        return offsets.hashCode();
    }

    @Override
    public String toString() {
        return render();
    }
}
