package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/DEPLOY.md says what the deliverables really are: its values, paths, names and commands exist. */
class DeployDocTest {

    private static String doc() throws IOException {
        return Files.readString(Project.root().resolve("docs/DEPLOY.md"));
    }

    @Test
    void coversInstallInspectBackfillUpgradeUninstallAndSparkSubmit() throws IOException {
        assertThat(doc()).contains("helm install coinpulse charts/coinpulse", "kubectl -n coinpulse get sparkapp",
                "kubectl -n coinpulse apply -f k8s/jobs/backfill.yaml", "helm upgrade", "helm uninstall", "helm test",
                "kubectl apply -k k8s/overlays/dev", "spark-submit", "--class " + ManifestChecks.MAIN_CLASS,
                "2.5.2", "0.51", "1.2", "local://" + SparkImage.jobJar());
    }

    @Test
    void everySetValueExistsInTheChart() throws IOException {
        JsonNode values = Manifests.YAML.readTree(Project.chart().resolve("values.yaml").toFile());
        Matcher m = Pattern.compile("--set '?([A-Za-z0-9_.]+)=").matcher(doc());
        List<String> unknown = new ArrayList<>();
        int count = 0;
        while (m.find()) {
            if (m.group(1).startsWith("spark.jobNamespaces") || m.group(1).equals("watchAnyNamespace")) {
                continue; // the operators' own charts
            }
            count++;
            JsonNode node = values;
            for (String part : m.group(1).split("\\.")) {
                node = node.path(part);
            }
            if (node.isMissingNode()) {
                unknown.add(m.group(1));
            }
        }
        assertThat(count).isGreaterThan(20);
        assertThat(unknown).as("--set keys of docs/DEPLOY.md missing from values.yaml").isEmpty();
    }

    @Test
    void everyRepositoryPathItNamesExists() throws IOException {
        Matcher m = Pattern.compile("(?<![\\w/.])((?:k8s|charts|spark-app|ingest-service|query-service)/[\\w./-]*\\w)").matcher(doc());
        List<String> missing = new ArrayList<>();
        int found = 0;
        while (m.find()) {
            found++;
            String path = m.group(1);
            if (path.startsWith("charts/coinpulse/templates/") || path.contains("target/")) {
                continue;
            }
            if (!Files.exists(Project.root().resolve(path))) {
                missing.add(path);
            }
        }
        assertThat(found).as("paths named in docs/DEPLOY.md").isGreaterThan(10);
        assertThat(missing).isEmpty();
        assertThat(Files.exists(Project.chart().resolve("templates/spark/backfill.yaml"))).isTrue();
    }
}
