package io.coinpulse.deploy;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** charts/coinpulse as a subchart: Helm injects global, the parent passes values under coinpulse. */
class UmbrellaChartTest {

    @Test
    void rendersAsASubchartWithGlobalValues() throws IOException {
        Path umbrella = umbrella();
        String out = new Helm(umbrella).template().withName("platform").withNamespace(HelmChart.NAMESPACE)
                .withKubeVersion(HelmChart.KUBE_VERSION).call();
        Manifests m = Manifests.parse("umbrella", out);
        ManifestChecks.verify(m, new ManifestChecks.Expect(3, 3, 2, Set.of()));
        assertThat(m.get("Deployment", "platform-coinpulse-query").at("/metadata/labels/app.kubernetes.io~1instance").asText())
                .isEqualTo("platform");
        assertThat(ChartRenderTest.sparkEnv(m.get("SparkApplication", "platform-coinpulse-spark-stream"), "driver"))
                .containsEntry("COINPULSE_LAKE_PATH", "s3a://platform-lake/coinpulse/lake");
        // the parent's values still meet the subchart's refusal
        Path noPaths = umbrella.resolve("no-paths.yaml");
        Files.writeString(noPaths, "coinpulse:\n  spark:\n    lakePath: \"\"\n");
        assertThatThrownBy(() -> new Helm(umbrella).template().withName("platform").withNamespace(HelmChart.NAMESPACE)
                .withKubeVersion(HelmChart.KUBE_VERSION).withValuesFile(noPaths).call())
                .hasMessageContaining("spark.lakePath and spark.checkpointPath are required");
    }

    /** deploy/target/scratch/umbrella: the test resource chart with charts/coinpulse in its charts/. */
    private static Path umbrella() throws IOException {
        Path target = Project.scratch("umbrella");
        try (Stream<Path> old = Files.walk(target)) {
            for (Path p : old.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(target)).toList()) {
                Files.delete(p);
            }
        }
        Path resources = Project.root().resolve("deploy/src/test/resources/umbrella");
        Files.copy(resources.resolve("Chart.yaml"), target.resolve("Chart.yaml"));
        Files.copy(resources.resolve("values.yaml"), target.resolve("values.yaml"));
        Path source = Project.chart();
        Path sub = target.resolve("charts").resolve("coinpulse");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path from : files.toList()) {
                Path to = sub.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        FakeKubeApi.start();
        return target;
    }
}
