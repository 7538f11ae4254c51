package io.coinpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * kubectl kustomize (kustomize built into kubectl; it works offline). No Java library renders
 * kustomizations, so the tests run the real tool when the machine has it; the base files are also
 * validated one by one without it (KustomizeTest).
 */
final class Kustomize {

    private Kustomize() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Manifests build(Path dir) {
        try {
            Path err = Files.createTempFile(Project.scratch("kustomize"), "stderr", ".txt");
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectError(err.toFile())
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + Files.readString(err));
            }
            return Manifests.parse("kubectl kustomize " + Project.root().relativize(dir), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
