package io.coinpulse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The JVM and memory settings of every local part the launcher starts, in one place. */
public final class JvmSettings {

    /**
     * Environment of every JVM of the stack: glibc keeps 2 malloc arenas instead of 8 per core (the
     * RocksDB, JNI, Netty and Vert.x threads would each touch their own).
     */
    public static final Map<String, String> NATIVE_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    /**
     * Memory of each executor of the stream job on Spark standalone ({@code --cluster}): one executor per
     * worker, one core each, the machine's two cores.
     */
    public static final String CLUSTER_EXECUTOR_MEMORY = "768m";

    private JvmSettings() {
    }

    /**
     * The JVM options of a Quarkus service ({@code query-service}, {@code ingest-service}), for the
     * launcher and for the bench's own ingest runs. The serial collector: G1's own structures
     * (remembered sets, mark bitmaps) cost ~47 MiB beside each of these small heaps, and young
     * collections are short with either. Heaps: query-service serves from a 64 MiB body cache and
     * needs up to ~130 MiB of heap under load; ingest-service holds up to 16,384 records in flight for
     * Kafka. Both start at 64 MiB and grow as they need: the JVM's default initial heap is 1/64 of the
     * machine's memory, which the serial collector would commit whole from the start.
     * Metaspace: a collection is due whenever class metadata first outgrows a threshold, 21 MiB by default
     * and raised step by step; with the serial collector each is a full collection. query-service's
     * metadata grows to ~60 MiB, some of it minutes after its start as requests reach new code, so a
     * full collection would hit a running load: at 128 MiB none is due. It is a threshold, not a
     * reservation: no memory is committed for it.
     */
    public static List<String> serviceJvmOptions(String module) {
        String heap = switch (module) {
            case "query-service" -> "-Xmx256m";
            case "ingest-service" -> "-Xmx512m";
            default -> throw new IllegalArgumentException("not a Quarkus service of the stack: " + module);
        };
        return List.of("-Xms64m", heap, "-XX:+UseSerialGC", "-XX:MetaspaceSize=128m");
    }

    /**
     * The JVM options the Spark job runs with (without {@code spark.master}), for the launcher and for
     * anything that must measure the job as it runs here (bench/). The process's memory has bounds
     * beyond the heap: the RocksDB state stores share one 256 MiB budget (set by the job) and direct
     * buffers (Kafka source, Netty) are capped. The heap: G1 grows a heap to its bound under steady
     * micro-batches whatever their live data; 768 MiB holds the job's live data after a collection at
     * 10,000 events/s (about 620 MiB, with Spark's status store bounded by the job).
     */
    public static List<String> sparkJvmOptions() {
        List<String> jvm = new ArrayList<>(List.of("-Xmx768m", "-XX:MaxDirectMemorySize=256m", "-Dspark.ui.enabled=false"));
        jvm.addAll(sparkOpens());
        return jvm;
    }

    /**
     * The JVM options of the stack's single Kafka broker. Its page cache holds the data, the heap only the
     * requests in flight: about 300 MiB under 10,000 events/s, most of it garbage between collections.
     */
    public static List<String> kafkaBrokerJvmOptions() {
        return List.of("-Xms128m", "-Xmx384m", "-XX:+UseG1GC");
    }

    /**
     * The JVM options of the stream job's driver submitted to Spark standalone ({@code --cluster}): it plans
     * the micro-batches and the executors run them, so a small heap and the serial collector do.
     */
    public static List<String> clusterDriverJvmOptions() {
        List<String> jvm = new ArrayList<>(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"));
        jvm.addAll(sparkOpens());
        return jvm;
    }

    /** Spark's {@code --add-opens} list for Java 17, as the build has it ({@code spark.jvm.opens}). */
    static List<String> sparkOpens() {
        return Arrays.asList(buildProperties().getProperty("spark.jvm.opens").trim().split("\\s+"));
    }

    /** The build's properties (version, Spark's {@code --add-opens} list). */
    static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = JvmSettings.class.getResourceAsStream("build.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
