package io.coinpulse.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a running stack can be reached, written by the process that started it to
 * {@code <workDir>/run/stack.properties} and removed when it stops: the other commands
 * ({@code status}, {@code replay}, {@code stop}) read it instead of assuming default ports.
 *
 * @param launcherPid the process that owns the stack (its shutdown stops every part in order)
 * @param queryUrl base URL of the query API
 * @param queryManagementUrl base URL of query-service's health and metrics
 * @param ingestManagementUrl base URL of ingest-service's health and metrics
 * @param kafkaBootstrap the broker's bootstrap servers
 * @param kafkaSecure true when the broker takes SASL_SSL only
 * @param databasePort the embedded MariaDB's port, 0 for an external database
 * @param checkpoints the Spark job's checkpoint root URI
 */
record StackRecord(long launcherPid, String queryUrl, String queryManagementUrl, String ingestManagementUrl,
        String kafkaBootstrap, boolean kafkaSecure, int databasePort, String checkpoints) {

    static final String FILE = "stack.properties";

    void write(Path runDir) {
        Properties p = new Properties();
        p.setProperty("launcher.pid", Long.toString(launcherPid));
        p.setProperty("query.url", queryUrl);
        p.setProperty("query.management.url", queryManagementUrl);
        p.setProperty("ingest.management.url", ingestManagementUrl);
        p.setProperty("kafka.bootstrap", kafkaBootstrap);
        p.setProperty("kafka.secure", Boolean.toString(kafkaSecure));
        p.setProperty("database.port", Integer.toString(databasePort));
        p.setProperty("checkpoints", checkpoints);
        try {
            Files.createDirectories(runDir);
            Path tmp = runDir.resolve(FILE + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp)) {
                p.store(out, "the running stack (written by ./coinpulse up)");
            }
            Files.move(tmp, runDir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record of the stack running with data in {@code workDir}, empty when none is (or its owner died). */
    static Optional<StackRecord> read(Path workDir) {
        Path file = workDir.resolve("run").resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StackRecord record = new StackRecord(Long.parseLong(p.getProperty("launcher.pid")), p.getProperty("query.url"),
                p.getProperty("query.management.url"), p.getProperty("ingest.management.url"),
                p.getProperty("kafka.bootstrap"), Boolean.parseBoolean(p.getProperty("kafka.secure")),
                Integer.parseInt(p.getProperty("database.port")),
                p.getProperty("checkpoints"));
        return ProcessHandle.of(record.launcherPid()).filter(ProcessHandle::isAlive).map(h -> record);
    }

    static void remove(Path runDir) {
        try {
            Files.deleteIfExists(runDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
