package io.coinpulse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java Flight Recording (profile settings) of a JVM already running, over a part of its life:
 * started and stopped with the JDK's {@code jcmd} ({@code JFR.start}, {@code JFR.stop}), so the
 * stack's Spark job is recorded during one freshness load only, not its start or idle time.
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
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> args = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new IOException("interrupted: " + String.join(" ", args), e);
        }
    }
}
