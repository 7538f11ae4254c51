package io.coinpulse.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The SparkApplications start what the image really holds. */
class SparkJobTest {

    @Test
    void theImageBakesTheShadedJarAndTheMetricsFilesIn() {
        assertThat(SparkImage.files())
                .containsEntry("/opt/coinpulse/spark-app.jar", "job:${project.build.directory}/${project.build.finalName}-all.jar")
                .containsEntry("/opt/spark/jars/hadoop-aws-${hadoop.version}.jar", "hadoop-aws")
                .containsEntry("/opt/spark/jars/aws-java-sdk-bundle-${aws-sdk-bundle.version}.jar", "aws-java-sdk-bundle")
                .containsEntry("/opt/spark/jmx/jmx_prometheus_javaagent.jar", "jmx_prometheus_javaagent")
                .containsEntry("/etc/metrics/conf/metrics.properties", "src/main/jib/etc/metrics/conf/metrics.properties")
                .containsEntry("/etc/metrics/conf/prometheus.yaml", "src/main/jib/etc/metrics/conf/prometheus.yaml");
        assertThat(SparkImage.jobJar()).isEqualTo("/opt/coinpulse/spark-app.jar");
    }

    @Test
    void theChartDefaultsPointAtTheImagesJarAndSparkVersion() throws Exception {
        var values = Manifests.YAML.readTree(Project.chart().resolve("values.yaml").toFile());
        assertThat(values.at("/spark/mainApplicationFile").asText()).isEqualTo("local://" + SparkImage.jobJar());
        assertThat(values.at("/spark/mainClass").asText()).isEqualTo(ManifestChecks.MAIN_CLASS);
        assertThat(JibConfig.of("spark-app").text("from/image"))
                .isEqualTo("apache/spark:" + values.at("/spark/sparkVersion").asText() + "-scala2.12-java17-ubuntu");
    }

    /** When spark-app has been packaged (always in a full ./mvnw verify: it builds before deploy), its jar has the main class. */
    @Test
    void theBuiltJarHasTheMainClass() {
        Optional<Path> jar = SparkImage.builtJar();
        org.junit.jupiter.api.Assumptions.assumeTrue(jar.isPresent(), "spark-app is not packaged: checked against the image configuration only");
        assertThat(SparkImage.jarHasClass(jar.get(), ManifestChecks.MAIN_CLASS))
                .as(jar.get() + " has " + ManifestChecks.MAIN_CLASS).isTrue();
    }
}
