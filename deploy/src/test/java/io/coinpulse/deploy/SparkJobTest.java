package io.coinpulse.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The SparkApplications start what the image really holds. */
class SparkJobTest {

    @Test
    void theImageBakesTheShadedJarInAndRunsAsSparksUser() {
        List<String> lines = SparkImage.instructions(SparkImage.dockerfile());
        assertThat(lines).anyMatch(l -> l.matches("ARG SPARK_IMAGE=apache/spark:3\\.5\\.[0-9]+-.*java17.*"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("USER 185");
        assertThat(SparkImage.copies()).containsEntry("target/spark-app-*-all.jar", "/opt/coinpulse/spark-app.jar");
        assertThat(SparkImage.jobJar()).startsWith("/opt/").endsWith(".jar");
    }

    @Test
    void theChartDefaultsPointAtTheImagesJarAndSparkVersion() throws Exception {
        var values = Manifests.YAML.readTree(Project.chart().resolve("values.yaml").toFile());
        assertThat(values.at("/spark/mainApplicationFile").asText()).isEqualTo("local://" + SparkImage.jobJar());
        assertThat(values.at("/spark/mainClass").asText()).isEqualTo(ManifestChecks.MAIN_CLASS);
        String from = SparkImage.instructions(SparkImage.dockerfile()).stream()
                .filter(l -> l.startsWith("ARG SPARK_IMAGE=")).findFirst().orElseThrow();
        assertThat(from).contains("apache/spark:" + values.at("/spark/sparkVersion").asText() + "-");
    }

    /** When spark-app has been packaged (always in a full ./mvnw verify: it builds before deploy), its jar has the main class. */
    @Test
    void theBuiltJarHasTheMainClass() {
        Optional<Path> jar = SparkImage.builtJar();
        org.junit.jupiter.api.Assumptions.assumeTrue(jar.isPresent(), "spark-app is not packaged: checked against the Dockerfile only");
        assertThat(SparkImage.jarHasClass(jar.get(), ManifestChecks.MAIN_CLASS))
                .as(jar.get() + " has " + ManifestChecks.MAIN_CLASS).isTrue();
    }
}
