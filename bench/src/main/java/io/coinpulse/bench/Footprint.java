package io.coinpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Resident memory of the stack's processes, from {@code /proc/<pid>/status}, sampled while the load runs. */
final class Footprint implements AutoCloseable {

    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

    private final Map<String, Supplier<Optional<ProcessHandle>>> processes;
    private final Map<String, Long> peakKb = new LinkedHashMap<>();
    private long peakTotalKb;
    private final Thread sampler;
    private volatile boolean running = true;

    Footprint(Map<String, Supplier<Optional<ProcessHandle>>> processes) {
        this.processes = processes;
        processes.keySet().forEach(k -> peakKb.put(k, 0L));
        sampler = new Thread(() -> {
            while (running) {
                sample();
                Bench.sleep(1000);
            }
        }, "bench-footprint");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** VmRSS in kB of a {@code /proc/<pid>/status} text, 0 when absent (a zombie, a kernel thread). */
    static long rssKb(String status) {
        Matcher m = VM_RSS.matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** A process and its descendants (MariaDB runs under its launcher). */
    static Stream<ProcessHandle> tree(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants());
    }

    /** RSS of a process and its descendants, kB. */
    static long treeRssKb(ProcessHandle process) {
        return tree(process).mapToLong(p -> rssOf(p.pid())).sum();
    }

    private static long rssOf(long pid) {
        try {
            return rssKb(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            return 0;
        }
    }

    private synchronized void sample() {
        long total = 0;
        for (Map.Entry<String, Supplier<Optional<ProcessHandle>>> e : processes.entrySet()) {
            long kb = e.getValue().get().map(Footprint::treeRssKb).orElse(0L);
            peakKb.merge(e.getKey(), kb, Math::max);
            total += kb;
        }
        peakTotalKb = Math.max(peakTotalKb, total);
    }

    /** Peak RSS per process, MiB. */
    synchronized Map<String, Double> peaksMiB() {
        Map<String, Double> out = new LinkedHashMap<>();
        peakKb.forEach((k, v) -> out.put(k, v / 1024.0));
        return out;
    }

    /** Peak of the sum over all processes at one sampling instant, MiB. */
    synchronized double peakTotalMiB() {
        return peakTotalKb / 1024.0;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
