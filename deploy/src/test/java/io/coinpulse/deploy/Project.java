package io.coinpulse.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's deliverables and the shared contract files are. */
final class Project {

    private Project() {
    }

    /** The repository root: charts/, k8s/, docs/ and the app modules. */
    static Path root() {
        Path root = Path.of(System.getProperty("coinpulse.root", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("charts")) || !Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException("not the coinpulse repository root: " + root);
        }
        return root;
    }

    /** shared/ beside the repository (SPEC, CRDs). */
    static Path shared() {
        Path shared = root().resolve("..").resolve("shared").normalize();
        if (!Files.isDirectory(shared.resolve("crds"))) {
            throw new IllegalStateException("shared/ with crds/ not found beside the repository: " + shared);
        }
        return shared;
    }

    static Path chart() {
        return root().resolve("charts").resolve("coinpulse");
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    /** A scratch directory under deploy/target (never java.io.tmpdir). */
    static Path scratch(String name) {
        try {
            Path dir = root().resolve("deploy").resolve("target").resolve("scratch").resolve(name);
            Files.createDirectories(dir);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
