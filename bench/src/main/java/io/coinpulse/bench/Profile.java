package io.coinpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a process spent its time, from a Java Flight Recording: CPU samples
 * ({@code jdk.ExecutionSample}) and time blocked reading sockets ({@code jdk.SocketRead}), each
 * attributed to the part of the system whose code is nearest the top of the stack (the MySQL driver,
 * the state store, the Kafka client, JSON parsing, …), and what the JIT compiler cost the process
 * ({@code jdk.CompilerStatistics}; its threads' CPU from {@code jdk.ThreadCPULoad}, beside the JVM's
 * from {@code jdk.CPULoad}: the compiler threads are not Java threads, so no sample shows them).
 * Says what a run's time is made of, so a figure below its limit comes with its reason.
 */
final class Profile {

    /** Parts of the system, matched against frames from the top of a stack down; the first match wins. */
    static final Map<String, List<String>> PARTS = parts();

    private static Map<String, List<String>> parts() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("JDBC (MySQL driver)", List.of("com.mysql."));
        p.put("state store (RocksDB)", List.of("org.rocksdb.", "org.apache.spark.sql.execution.streaming.state."));
        p.put("Kafka client", List.of("org.apache.kafka.", "org.apache.spark.sql.kafka010."));
        p.put("Parquet (lake)", List.of("org.apache.parquet.", "org.apache.spark.sql.execution.datasources.parquet."));
        p.put("JSON parsing", List.of("com.fasterxml.jackson.", "org.apache.spark.sql.catalyst.json."));
        p.put("compression", List.of("net.jpountz.", "org.xerial.snappy.", "com.github.luben.", "java.util.zip.Deflater",
                "java.util.zip.Inflater"));
        p.put("generated code (parse, dedup, aggregate)", List.of("org.apache.spark.sql.catalyst.expressions.GeneratedClass",
                "org.apache.spark.sql.catalyst.expressions.", "org.apache.spark.sql.execution.aggregate.",
                "org.apache.spark.unsafe."));
        p.put("coinpulse code", List.of("io.coinpulse."));
        p.put("Spark planning and scheduling", List.of("org.apache.spark.sql.catalyst.", "org.apache.spark.sql.execution.",
                "org.apache.spark.scheduler.", "org.apache.spark.sql.", "org.apache.spark.rdd."));
        p.put("Spark serialization, shuffle, RPC", List.of("org.apache.spark.serializer.", "org.apache.spark.shuffle.",
                "org.apache.spark.storage.", "org.apache.spark.network.", "org.apache.spark.rpc.", "com.esotericsoftware.",
                "io.netty."));
        p.put("Spark other", List.of("org.apache.spark.", "scala."));
        p.put("Hadoop file system", List.of("org.apache.hadoop."));
        p.put("class loading", List.of("java.lang.ClassLoader", "jdk.internal.loader.", "java.util.zip.ZipFile",
                "java.util.jar."));
        return p;
    }

    static final String OTHER = "JDK and other";

    /** Shares of one kind of event: part → count or time. */
    record Shares(double total, Map<String, Double> byPart) {

        /** The parts by share, largest first, as {@code part 41.2%}. */
        List<String> ranked(int top) {
            return byPart.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                    .map(e -> String.format("%s %.1f%%", e.getKey(), 100 * e.getValue() / total)).toList();
        }
    }

    /**
     * The JIT compiler over a recording.
     *
     * @param methods methods compiled in the JVM's life, as of the recording's last statistics
     * @param compileSeconds time its compilations took, summed over the compiler threads
     * @param compilerLoad the compiler threads' average CPU load, a fraction of all the machine's cores
     *                     (each thread's average over its samples, summed); NaN when not recorded
     * @param jvmLoad the whole JVM's average CPU load, the same way; NaN when not recorded
     */
    record Jit(long methods, double compileSeconds, double compilerLoad, double jvmLoad) {

        /** As {@code 14,681 methods compiled (21.2 s of compilation); the compiler threads used 0.72 of the JVM's 1.65 cores}. */
        String describe(int cores) {
            String out = String.format("%,d methods compiled (%.1f s of compilation)", methods, compileSeconds);
            if (!Double.isNaN(compilerLoad) && !Double.isNaN(jvmLoad)) {
                out += String.format("; the compiler threads used %.2f of the JVM's %.2f cores", compilerLoad * cores, jvmLoad * cores);
            }
            return out;
        }
    }

    /** What one recording holds; {@code jit} null when it has no compiler statistics. */
    record Summary(Path file, Shares cpu, Shares socketReads, Map<String, Double> cpuByThread, Jit jit) {

        /** One Markdown paragraph. */
        String describe(String title) {
            StringBuilder b = new StringBuilder();
            b.append(String.format("Profile of %s (`%s`): %,.0f CPU samples — %s.", title, file.getFileName(), cpu.total(),
                    String.join(", ", cpu.ranked(8))));
            if (socketReads.total() > 0) {
                b.append(String.format(" Blocked in socket reads %.1f s — %s.", socketReads.total() / 1000,
                        String.join(", ", socketReads.ranked(4))));
            }
            String threads = cpuByThread.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(4).map(e -> String.format("%s %.0f%%", e.getKey(), 100 * e.getValue() / cpu.total()))
                    .collect(Collectors.joining(", "));
            b.append(" CPU by thread: ").append(threads).append('.');
            if (jit != null) {
                b.append(" JIT: ").append(jit.describe(Runtime.getRuntime().availableProcessors())).append('.');
            }
            return b.toString();
        }
    }

    private Profile() {
    }

    /** Reads a recording. */
    static Summary of(Path jfr) throws IOException {
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> reads = new LinkedHashMap<>();
        Map<String, Double> threads = new LinkedHashMap<>();
        double samples = 0;
        double readMillis = 0;
        RecordedEvent compilerStatistics = null;
        Map<String, double[]> compilerThreads = new LinkedHashMap<>();
        double jvmLoad = 0;
        int jvmLoads = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("jdk.ExecutionSample")) {
                    samples++;
                    cpu.merge(part(e.getStackTrace()), 1.0, Double::sum);
                    threads.merge(threadGroup(e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName()),
                            1.0, Double::sum);
                } else if (type.equals("jdk.SocketRead")) {
                    double ms = e.getDuration().toNanos() / 1e6;
                    readMillis += ms;
                    reads.merge(part(e.getStackTrace()), ms, Double::sum);
                } else if (type.equals("jdk.CompilerStatistics")) {
                    compilerStatistics = e;
                } else if (type.equals("jdk.CPULoad")) {
                    jvmLoad += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                    jvmLoads++;
                } else if (type.equals("jdk.ThreadCPULoad") && e.getThread() != null && e.getThread().getOSName() != null
                        && e.getThread().getOSName().contains("CompilerThread")) {
                    double[] sumAndCount = compilerThreads.computeIfAbsent(e.getThread().getOSName(), t -> new double[2]);
                    sumAndCount[0] += e.getFloat("user") + e.getFloat("system");
                    sumAndCount[1]++;
                }
            }
        }
        Jit jit = null;
        if (compilerStatistics != null) {
            double compilerLoad = compilerThreads.isEmpty() ? Double.NaN
                    : compilerThreads.values().stream().mapToDouble(v -> v[0] / v[1]).sum();
            jit = new Jit(compilerStatistics.getLong("compileCount"), compilerStatistics.getDuration("totalTimeSpent").toNanos() / 1e9,
                    compilerLoad, jvmLoads == 0 ? Double.NaN : jvmLoad / jvmLoads);
        }
        return new Summary(jfr, new Shares(samples, cpu), new Shares(readMillis, reads), threads, jit);
    }

    /** The part whose code is nearest the top of the stack. */
    static String part(RecordedStackTrace stack) {
        if (stack == null) {
            return OTHER;
        }
        return part(stack.getFrames().stream().map(RecordedFrame::getMethod)
                .map(m -> m.getType().getName() + "." + m.getName()).toList());
    }

    /** As {@link #part(RecordedStackTrace)} for frames given as {@code class.method}, top first. */
    static String part(List<String> frames) {
        for (String frame : frames) {
            for (Map.Entry<String, List<String>> p : PARTS.entrySet()) {
                for (String prefix : p.getValue()) {
                    if (frame.startsWith(prefix)) {
                        return p.getKey();
                    }
                }
            }
        }
        return OTHER;
    }

    /** Thread names without their numbers: {@code Executor task launch worker-1} → {@code Executor task launch worker}. */
    static String threadGroup(String name) {
        if (name == null) {
            return "?";
        }
        String stripped = name.replaceAll("\\s*\\[id = .*$", "").replaceAll("[-# ]?\\d+$", "");
        return stripped.isBlank() ? name : stripped;
    }

    /**
     * Summaries of the flight recordings ({@code *.jfr}) in {@code dir}, by file name without the
     * extension, in name order; an unreadable one is logged and skipped.
     */
    static Map<String, Summary> ofAll(Path dir) throws IOException {
        Map<String, Summary> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> recordings;
        try (var files = Files.list(dir)) {
            recordings = files.filter(f -> f.getFileName().toString().endsWith(".jfr")).sorted().toList();
        }
        for (Path f : recordings) {
            try {
                out.put(f.getFileName().toString().replaceAll("\\.jfr$", ""), of(f));
            } catch (IOException | RuntimeException e) {
                Bench.log("profile " + f + " unreadable: " + e.getMessage());
            }
        }
        return out;
    }
}
