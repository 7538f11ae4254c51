package io.coinpulse.deploy;

import org.w3c.dom.Element;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What spark-app's images profile puts where in the image: src/main/jib as is, and the staging
 * directory ${jib.extra} that the profile fills (dependency:copy, the antrun copy of the shaded jar).
 */
final class SparkImage {

    static final String EXTRA = "${jib.extra}";

    private SparkImage() {
    }

    static Path module() {
        return Project.root().resolve("spark-app");
    }

    /** Path in the image -> what it is (a source file, an artifact, the job jar). */
    static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        Path jib = module().resolve("src/main/jib");
        try (Stream<Path> walk = Files.walk(jib)) {
            walk.filter(Files::isRegularFile).forEach(f -> files.put("/" + jib.relativize(f), "src/main/jib/" + jib.relativize(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JibConfig jibConfig = JibConfig.of("spark-app");
        Element plugins = JibConfig.child(jibConfig.profile(), "build").orElseThrow();
        Element dependency = JibConfig.plugin(plugins, "maven-dependency-plugin").orElseThrow();
        Element items = (Element) dependency.getElementsByTagName("artifactItems").item(0);
        for (Element item : JibConfig.children(items)) {
            String artifact = text(item, "artifactId");
            String name = JibConfig.child(item, "destFileName").map(Element::getTextContent)
                    .orElse(artifact + "-" + text(item, "version") + ".jar");
            files.put(inImage(text(item, "outputDirectory")) + "/" + name, artifact);
        }
        Element antrun = JibConfig.plugin(plugins, "maven-antrun-plugin").orElseThrow();
        Element copy = (Element) antrun.getElementsByTagName("copy").item(0);
        files.put(inImage(copy.getAttribute("tofile")), "job:" + copy.getAttribute("file"));
        return files;
    }

    private static String text(Element parent, String child) {
        return JibConfig.child(parent, child).map(e -> e.getTextContent().trim())
                .orElseThrow(() -> new AssertionError("no " + child + " in " + parent.getTagName()));
    }

    private static String inImage(String staged) {
        if (!staged.startsWith(EXTRA + "/")) {
            throw new AssertionError(staged + " is not staged under " + EXTRA);
        }
        return staged.substring(EXTRA.length());
    }

    /** Where the image holds a file whose name ends with the given suffix. */
    static String destinationOf(String suffix) {
        return files().keySet().stream().filter(k -> k.endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("the Spark image holds no " + suffix + ": " + files().keySet()));
    }

    /** The job jar inside the image: the copy of the shaded jar. */
    static String jobJar() {
        return files().entrySet().stream().filter(e -> e.getValue().startsWith("job:")).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    /** spark-app/target/spark-app-*-all.jar, when the module has been packaged. */
    static Optional<Path> builtJar() {
        Path target = module().resolve("target");
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
