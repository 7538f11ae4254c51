package io.coinpulse.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * charts/coinpulse rendered by real Helm (helm-java: the Helm Go library over JNA).
 *
 * <p>helm-java's template leaves hooks out of its output (the generated MySQL Secret is a
 * pre-install hook, the API check a test hook). To check them too, the chart is rendered from a copy
 * under deploy/target in which the helm.sh/hook* annotation keys are renamed to coinpulse.io/helm-hook*:
 * the same templates, rendered by the same Helm, now as plain objects that keep their hook type in
 * the renamed annotation. helm lint runs on the chart itself.
 */
final class HelmChart {

    static final String NAMESPACE = "coinpulse";
    /** The Kubernetes version the chart is rendered for (Chart.yaml kubeVersion: >=1.27). */
    static final String KUBE_VERSION = "1.31.0";
    /** The renamed hook annotation of the rendered copy. */
    static final String HOOK = "coinpulse.io/helm-hook";

    private static Path copy;

    private HelmChart() {
    }

    /** The values an install cannot do without (the lake and checkpoint URIs, storage the user owns). */
    static final String REQUIRED = """
            spark:
              lakePath: s3a://my-bucket/coinpulse/lake
              checkpointPath: s3a://my-bucket/coinpulse/checkpoints/stream
            """;

    /** helm template &lt;release&gt; charts/coinpulse -n coinpulse -f required.yaml -f &lt;values&gt; (values: YAML text, may be empty). */
    static Manifests render(String release, String name, String valuesYaml) {
        return renderFiles(release, name, Map.of(), REQUIRED, valuesYaml);
    }

    /** helm template without the required values: only what the test gives. */
    static Manifests renderBare(String release, String name, String valuesYaml) {
        return renderFiles(release, name, Map.of(), valuesYaml);
    }

    /** helm template &lt;release&gt; charts/coinpulse -n coinpulse --set k=v ... (and nothing else). */
    static Manifests renderSet(String release, String name, Map<String, String> set) {
        return renderFiles(release, name, set);
    }

    private static Manifests renderFiles(String release, String name, Map<String, String> set, String... valuesYaml) {
        FakeKubeApi.start();
        try {
            TemplateCommand template = new Helm(chartWithHooksVisible()).template()
                    .withName(release)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION);
            for (int i = 0; i < valuesYaml.length; i++) {
                Path values = Project.scratch("values").resolve(name + "-" + i + ".yaml");
                Files.writeString(values, valuesYaml[i]);
                template.withValuesFile(values);
            }
            set.forEach(template::set);
            String out = template.call();
            // kept for a look after a failure: deploy/target/scratch/rendered/<name>.yaml
            Files.writeString(Project.scratch("rendered").resolve(name + ".yaml"), out);
            return Manifests.parse("helm template " + release + " -f " + name, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** helm lint --strict charts/coinpulse. */
    static LintResult lint() {
        return new Helm(Project.chart()).lint().strict().call();
    }

    private static synchronized Path chartWithHooksVisible() throws IOException {
        if (copy != null) {
            return copy;
        }
        Path source = Project.chart();
        Path target = Project.scratch("chart-copy").resolve("coinpulse");
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path from : files.toList()) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else if (from.toString().endsWith(".yaml") && from.startsWith(source.resolve("templates"))) {
                    Files.writeString(to, Files.readString(from).replace("helm.sh/hook", HOOK));
                } else {
                    Files.copy(from, to);
                }
            }
        }
        copy = target;
        return copy;
    }
}
