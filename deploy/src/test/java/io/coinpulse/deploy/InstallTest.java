package io.coinpulse.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an install needs: the required values, nothing less, and the README's command as written. */
class InstallTest {

    private static final String REFUSAL = "spark.lakePath and spark.checkpointPath are required";

    @Test
    void rendersWithOnlyTheRequiredValues() {
        Manifests m = HelmChart.renderBare("coinpulse", "required-only", HelmChart.REQUIRED);
        ManifestChecks.verify(m, new ManifestChecks.Expect(3, 3, 2, Set.of()));
        assertThat(ChartRenderTest.sparkEnv(m.get("SparkApplication", "coinpulse-spark-stream"), "driver"))
                .containsEntry("COINPULSE_LAKE_PATH", "s3a://my-bucket/coinpulse/lake")
                .containsEntry("COINPULSE_CHECKPOINT_PATH", "s3a://my-bucket/coinpulse/checkpoints/stream");
    }

    @Test
    void refusesWithoutTheLakeAndCheckpointNamingThem() {
        assertThatThrownBy(() -> HelmChart.renderBare("coinpulse", "no-paths", ""))
                .hasMessageContaining(REFUSAL);
        assertThatThrownBy(() -> HelmChart.renderBare("coinpulse", "lake-only", "spark:\n  lakePath: s3a://b/lake\n"))
                .hasMessageContaining(REFUSAL);
        assertThatThrownBy(() -> HelmChart.renderBare("coinpulse", "checkpoint-only", "spark:\n  checkpointPath: s3a://b/cp\n"))
                .hasMessageContaining(REFUSAL);
    }

    @Test
    void noJobNoRequirement() {
        Manifests m = HelmChart.renderBare("coinpulse", "no-jobs",
                "spark:\n  stream:\n    enabled: false\n  compare:\n    enabled: false\n  maintain:\n    enabled: false\n");
        assertThat(m.select(o -> Manifests.apiVersion(o).startsWith("sparkoperator.k8s.io/"))).isEmpty();
    }

    /** The helm install command of README.md's "Deploy to Kubernetes", with exactly its --set values. */
    @Test
    void theReadmeInstallCommandRendersAsWritten() throws IOException {
        String readme = Files.readString(Project.root().resolve("README.md"));
        Matcher block = Pattern.compile("(?s)## Deploy to Kubernetes.*?```bash\\n(.*?)```").matcher(readme);
        assertThat(block.find()).as("README.md has a bash block under 'Deploy to Kubernetes'").isTrue();
        String install = block.group(1).replace("\\\n", " ").lines()
                .filter(l -> l.startsWith("helm install coinpulse charts/coinpulse")).findFirst().orElseThrow();
        assertThat(install).contains("-n coinpulse");
        Map<String, String> set = new LinkedHashMap<>();
        Matcher m = Pattern.compile("--set ([A-Za-z0-9_.]+)=(\\S+)").matcher(install);
        while (m.find()) {
            set.put(m.group(1), m.group(2));
        }
        assertThat(set).containsKeys("spark.lakePath", "spark.checkpointPath");
        assertThat(install.replaceAll("--set \\S+", "").replaceAll("--create-namespace|-n coinpulse", "").trim())
                .as("nothing but --set values, -n and --create-namespace").isEqualTo("helm install coinpulse charts/coinpulse");
        Manifests rendered = HelmChart.renderSet("coinpulse", "readme-install", set);
        Set<String> given = set.entrySet().stream().filter(e -> e.getKey().endsWith("existingSecret"))
                .map(Map.Entry::getValue).collect(java.util.stream.Collectors.toSet());
        ManifestChecks.verify(rendered, new ManifestChecks.Expect(3, 3, 2, given));
    }
}
