package io.coinpulse.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java Flight Recording (profile settings) of a JVM already running, over a part of its life:
 * started and stopped with the JDK's {@code jcmd} ({@code JFR.start}, {@code JFR.stop}), so the
 * stack's Spark job is recorded over a chosen interval under load, not its start or idle time.
 */
final class FlightRecording implements AutoCloseable {

    private final long pid;
    private final String name;

    private FlightRecording(long pid, String name) {
        this.pid = pid;
        this.name = name;
    }

    /** Starts recording the JVM of process {@code pid} into {@code file}, written when the recording is closed. */
    static FlightRecording start(long pid, Path file) throws IOException {
        String name = "bench-" + file.getFileName().toString().replace(".jfr", "");
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile", "filename=" + file.toAbsolutePath());
        return new FlightRecording(pid, name);
    }

    @Override
    public void close() throws IOException {
        jcmd(pid, "JFR.stop", "name=" + name);
    }

    private static void jcmd(long pid, String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        args.addAll(List.of(command));
        Commands.run(args);
    }
}
