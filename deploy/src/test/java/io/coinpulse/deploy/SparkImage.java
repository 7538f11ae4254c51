package io.coinpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** What spark-app/src/main/docker/Dockerfile puts where, and the built shaded jar if there is one. */
final class SparkImage {

    private SparkImage() {
    }

    static Path dockerfile() {
        return Project.root().resolve("spark-app/src/main/docker/Dockerfile");
    }

    static List<String> instructions(Path dockerfile) {
        try {
            // join continuation lines, drop comments
            String text = Files.readString(dockerfile).replaceAll("\\\\\\n", " ");
            return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** COPY source -> destination of the final stage (the last FROM). */
    static Map<String, String> copies() {
        List<String> lines = instructions(dockerfile());
        int last = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                last = i;
            }
        }
        Map<String, String> copies = new LinkedHashMap<>();
        for (String line : lines.subList(last, lines.size())) {
            if (line.startsWith("COPY ")) {
                String[] words = line.substring(5).trim().split("\\s+");
                List<String> args = Stream.of(words).filter(w -> !w.startsWith("--")).toList();
                copies.put(args.get(0), args.get(args.size() - 1));
            }
        }
        return copies;
    }

    /** Where the image holds a file whose COPY source ends with the given suffix. */
    static String destinationOf(String sourceSuffix) {
        return copies().entrySet().stream()
                .filter(e -> e.getKey().endsWith(sourceSuffix))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Spark Dockerfile copies no " + sourceSuffix + ": " + copies()));
    }

    /** The job jar inside the image, from the COPY of target/spark-app-*-all.jar. */
    static String jobJar() {
        return destinationOf("-all.jar");
    }

    /** spark-app/target/spark-app-*-all.jar, when the module has been packaged. */
    static Optional<Path> builtJar() {
        Path target = Project.root().resolve("spark-app").resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("spark-app-.*-all\\.jar")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean jarHasClass(Path jar, String className) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(className.replace('.', '/') + ".class") != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
