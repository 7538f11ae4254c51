package io.coinpulse.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Pid files for the processes a stack starts, under {@code <workDir>/run}. When a launcher dies
 * without stopping its children (kill -9, a crashed terminal), the next start finds them here and
 * stops them before it takes their ports and data — the way a database's pid file works. A pid
 * file records the start instant too, so a recycled pid is never mistaken for our process.
 */
final class ProcessRegistry {

    private final Path dir;

    ProcessRegistry(Path dir) {
        this.dir = dir;
    }

    /** Stops every process recorded by an earlier run that is still alive; returns how many. */
    int reapStale(Consumer<String> status) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int reaped = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path file : files) {
                Optional<ProcessHandle> stale = recorded(file);
                if (stale.isPresent()) {
                    status.accept("stopping " + file.getFileName().toString().replace(".pid", "")
                            + " left running by an earlier run (pid " + stale.get().pid() + ")");
                    stop(stale.get());
                    reaped++;
                }
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reaped;
    }

    /** The recorded processes that are still alive, by name, in name order. */
    java.util.SortedMap<String, ProcessHandle> running() {
        java.util.SortedMap<String, ProcessHandle> out = new java.util.TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path file : files) {
                recorded(file).ifPresent(p -> out.put(file.getFileName().toString().replace(".pid", ""), p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Records a running process under a name. */
    void record(String name, ProcessHandle process) {
        try {
            Files.createDirectories(dir);
            Instant started = process.info().startInstant().orElse(Instant.EPOCH);
            Files.writeString(dir.resolve(name + ".pid"), process.pid() + " " + started.toEpochMilli() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets a process that was stopped cleanly. */
    void forget(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<ProcessHandle> recorded(Path file) throws IOException {
        String[] fields = Files.readString(file).trim().split("\\s+");
        if (fields.length != 2) {
            return Optional.empty();
        }
        long pid = Long.parseLong(fields[0]);
        long startedMillis = Long.parseLong(fields[1]);
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == startedMillis);
    }

    /** Stops a process and its children: SIGTERM, then SIGKILL after 30 s. */
    static void stop(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
