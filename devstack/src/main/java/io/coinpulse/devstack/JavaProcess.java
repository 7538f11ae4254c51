package io.coinpulse.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM with its own classpath, its output appended to a log file. Used for the Kafka
 * broker here and, by the launcher, for the three applications.
 */
public final class JavaProcess {

    private final String name;
    private final Process process;
    private final Path log;

    private JavaProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Path of the java executable running this JVM, so children use the same JDK. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code java <jvmArgs> -cp <classpath> <mainClass> <args>} with extra environment
     * variables; stdout and stderr go to {@code log}.
     */
    public static JavaProcess start(String name, List<String> jvmArgs, String classpath, String mainClass,
            List<String> args, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        if (classpath != null) {
            command.add("-cp");
            command.add(classpath);
        }
        command.add(mainClass);
        command.addAll(args);
        return start(name, command, env, log);
    }

    /** Starts an arbitrary command line, output to {@code log}. */
    public static JavaProcess start(String name, List<String> command, Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new JavaProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Runs a command to completion; fails with the tail of its log when it exits non-zero. */
    public static void run(String name, List<String> command, Path log, long timeoutSeconds) {
        run(name, command, Map.of(), log, timeoutSeconds);
    }

    /** Runs a command with extra environment variables to completion, as {@link #run(String, List, Path, long)}. */
    public static void run(String name, List<String> command, Map<String, String> env, Path log, long timeoutSeconds) {
        JavaProcess p = start(name, command, env, log);
        try {
            if (!p.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.kill();
                throw new IllegalStateException(name + " did not finish within " + timeoutSeconds + " s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.kill();
            throw new IllegalStateException("interrupted", e);
        }
        if (p.process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit code " + p.process.exitValue() + ": " + p.logTail(20));
        }
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL after the grace period. */
    public void stop(long graceSeconds) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL, the way a crash looks to the rest of the system. */
    public void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            // gone on return, children too (a Spark worker's executors): callers check what survived
            for (ProcessHandle child : descendants) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + ": a child process survived SIGKILL", e);
        }
    }

    /** The last lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Joins classpath entries with the platform separator. */
    public static String classpath(List<String> entries) {
        return String.join(File.pathSeparator, entries);
    }
}
