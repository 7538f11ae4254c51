package io.coinpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * CPU time of the stack's processes and of the whole machine over an interval, in cores (CPU
 * seconds per second): the processes' from {@link ProcessHandle.Info#totalCpuDuration()} (each
 * with its descendants, as MariaDB runs under its launcher), the machine's from the first line of
 * {@code /proc/stat}. A figure that needs both cores shows here as ~2.
 */
final class CpuUse {

    /** CPU consumed so far by each process (with its descendants), and the machine's busy and total time. */
    record Snapshot(long nanoTime, Map<String, Long> cpuNanos, Jiffies machine) {
    }

    /** The machine's CPU time in clock ticks: busy (everything but idle and I/O wait) and in all. */
    record Jiffies(long busy, long total) {
    }

    /** Cores used over an interval: per process, by the processes together, by the whole machine. */
    record Cores(Map<String, Double> byProcess, double stack, double machine, int available) {

        /** {@code 1.93 of 2 cores busy (stack 1.85: spark 1.21, kafka 0.20, …)}. */
        String describe() {
            StringBuilder per = new StringBuilder();
            byProcess.forEach((k, v) -> per.append(per.length() > 0 ? ", " : "").append(Report.fmt("%s %.2f", k, v)));
            return Report.fmt("%.2f of %d cores busy (the stack %.2f: %s)", machine, available, stack, per);
        }
    }

    private CpuUse() {
    }

    static Snapshot take(Map<String, Supplier<Optional<ProcessHandle>>> processes) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        processes.forEach((name, handle) -> cpu.put(name, handle.get().map(CpuUse::treeCpuNanos).orElse(0L)));
        return new Snapshot(System.nanoTime(), cpu, machine());
    }

    static Cores between(Snapshot from, Snapshot to) {
        double seconds = Math.max(1e-9, (to.nanoTime() - from.nanoTime()) / 1e9);
        Map<String, Double> cores = new LinkedHashMap<>();
        double stack = 0;
        for (Map.Entry<String, Long> e : to.cpuNanos().entrySet()) {
            double used = Math.max(0, e.getValue() - from.cpuNanos().getOrDefault(e.getKey(), 0L)) / 1e9 / seconds;
            cores.put(e.getKey(), used);
            stack += used;
        }
        int available = Runtime.getRuntime().availableProcessors();
        return new Cores(cores, stack, machineCores(from.machine(), to.machine(), available), available);
    }

    /** Busy cores between two readings of {@code /proc/stat}: the busy share of all CPU time, times the cores. */
    static double machineCores(Jiffies from, Jiffies to, int cores) {
        long total = to.total() - from.total();
        return total <= 0 ? 0 : (double) (to.busy() - from.busy()) / total * cores;
    }

    /**
     * Waits until the processes together use less than {@code maxCores} over {@code window}, at most
     * {@code timeout}: a stack just started compiles and runs its first batches for a while, and a
     * measurement beside it would be measuring that too.
     *
     * @return the cores used in the last window
     */
    static Cores awaitQuiet(Map<String, Supplier<Optional<ProcessHandle>>> processes, double maxCores, Duration window,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Snapshot before = take(processes);
        while (true) {
            Bench.sleep(window.toMillis());
            Snapshot now = take(processes);
            Cores used = between(before, now);
            if (used.stack() < maxCores || System.nanoTime() > deadline) {
                return used;
            }
            before = now;
        }
    }

    /** The first line of {@code /proc/stat}: {@code cpu user nice system idle iowait irq softirq steal …}. */
    static Jiffies parseStat(String stat) {
        String[] f = stat.lines().findFirst().orElse("").trim().split("\\s+");
        if (f.length < 5 || !f[0].equals("cpu")) {
            return new Jiffies(0, 0);
        }
        long total = 0;
        // user nice system idle iowait irq softirq steal; guest time is counted in user already
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new Jiffies(total - idle, total);
    }

    private static Jiffies machine() {
        try {
            return parseStat(Files.readString(Path.of("/proc/stat")));
        } catch (IOException e) {
            return new Jiffies(0, 0);
        }
    }

    static long treeCpuNanos(ProcessHandle process) {
        return Footprint.tree(process).mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
