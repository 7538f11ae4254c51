package io.coinpulse.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Spark home without a Spark distribution: {@code jars/} holds links to Spark's runtime jars as Maven
 * resolved them (e.g. spark-app's {@code target/spark-provided.classpath}), and a {@code RELEASE} file
 * makes Spark's launcher take {@code jars/} as a distribution's. A standalone worker builds its executors'
 * class path from it ({@code SPARK_HOME}).
 */
public final class SparkHome {

    /** Spark 3.5's Scala: the launcher reads it from the environment when the home has no build tree. */
    static final String SCALA_VERSION = "2.12";

    private final Path dir;

    private SparkHome(Path dir) {
        this.dir = dir;
    }

    /** Assembles {@code dir} (replacing its {@code jars/}) from the jars of a class path file. */
    public static SparkHome assemble(Path dir, Path classpathFile) {
        try {
            Path jars = dir.toAbsolutePath().resolve("jars");
            if (Files.isDirectory(jars)) {
                try (var old = Files.list(jars)) {
                    for (Path link : old.toList()) {
                        Files.delete(link);
                    }
                }
            }
            Files.createDirectories(jars);
            List<String> entries = List.of(Files.readString(classpathFile).trim().split(File.pathSeparator));
            for (String entry : entries) {
                Path jar = Path.of(entry);
                if (entry.endsWith(".jar")) {
                    Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
                }
            }
            Files.writeString(dir.resolve("RELEASE"), "Spark assembled by coinpulse devstack from " + classpathFile + "\n");
            Files.createDirectories(dir.resolve("conf"));
            return new SparkHome(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble a Spark home in " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** {@code <home>/conf:<home>/jars/*}, as {@code bin/spark-class} puts it. */
    public String classpath() {
        return dir.resolve("conf") + File.pathSeparator + dir.resolve("jars") + File.separator + "*";
    }

    /**
     * {@code SPARK_HOME}, {@code SPARK_SCALA_VERSION}, {@code SPARK_LOCAL_IP} (everything on loopback, not
     * the address the host name resolves to) and 2 malloc arenas, for daemons and drivers.
     */
    public Map<String, String> environment() {
        return Map.of("SPARK_HOME", dir.toString(), "SPARK_SCALA_VERSION", SCALA_VERSION, "SPARK_LOCAL_IP", "127.0.0.1",
                "MALLOC_ARENA_MAX", "2");
    }
}
