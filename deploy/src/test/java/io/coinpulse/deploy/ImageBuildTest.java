package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jib images (no Docker daemon): user, ports, entrypoint and files as the chart's workloads
 * expect them, built only with -Pimages. Base images cannot be pulled here, so the configuration is
 * what is checked.
 */
class ImageBuildTest {

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "query-service"})
    void quarkusImageRunsAsNonRootWithTheManagementPort(String module) {
        JibConfig jib = JibConfig.of(module);
        assertThat(jib.text("from/image")).isEqualTo("registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23");
        assertThat(jib.text("to/image")).isEqualTo("${coinpulse.image.registry}/coinpulse/${project.artifactId}:${coinpulse.image.tag}");
        assertThat(jib.text("container/user")).isEqualTo("185");
        assertThat(jib.text("container/format")).isEqualTo("OCI");
        assertThat(jib.texts("container/ports")).containsExactly("8080", "9000");
        assertThat(jib.texts("container/entrypoint")).containsExactly("/opt/jboss/container/java/run/run-java.sh");
        assertThat(jib.text("container/environment/JAVA_APP_JAR")).isEqualTo("/deployments/quarkus-run.jar");
        assertThat(jib.text("extraDirectories/paths/path/from")).isEqualTo("${project.build.directory}/quarkus-app");
        assertThat(jib.text("extraDirectories/paths/path/into")).isEqualTo("/deployments");
        assertThat(jib.text("pluginExtensions/pluginExtension/configuration/filters/filter/glob")).isEqualTo("/app/**");

        String component = module.substring(0, module.indexOf('-'));
        Manifests chart = HelmChart.render("coinpulse", "image-" + component, "");
        JsonNode deployment = chart.get("Deployment", "coinpulse-" + component);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/image").asText()).isEqualTo("coinpulse/" + module + ":0.1.0");
        assertThat(container.at("/ports").findValuesAsText("containerPort")).containsExactly("8080", "9000");
        assertThat(deployment.at("/spec/template/spec/securityContext/runAsUser").asInt()).isEqualTo(185);
    }

    @Test
    void sparkImageKeepsTheSparkEntrypointAndUser() {
        JibConfig jib = JibConfig.of("spark-app");
        assertThat(jib.text("from/image")).startsWith("apache/spark:3.5.7-").contains("java17");
        assertThat(jib.text("container/entrypoint")).isEqualTo("INHERIT");
        assertThat(jib.text("container/user")).isEqualTo("185");
        assertThat(jib.element("container/ports")).isEmpty();
        assertThat(jib.texts("extraDirectories/paths")).containsExactly("${project.basedir}/src/main/jib", "${jib.extra}");
        assertThat(jib.text("to/image")).isEqualTo("${coinpulse.image.registry}/coinpulse/${project.artifactId}:${coinpulse.image.tag}");
        Manifests chart = HelmChart.render("coinpulse", "image-spark", "");
        assertThat(chart.get("SparkApplication", "coinpulse-spark-stream").at("/spec/image").asText()).isEqualTo("coinpulse/spark-app:0.1.0");
    }

    /** The default build never runs Jib: only the images profile of the three modules declares the plugin. */
    @Test
    void jibRunsOnlyInTheImagesProfile() {
        assertThat(JibConfig.of("spark-app").goals()).containsExactly("${jib.goal}");
        Map<String, String> props = Map.of("jib.goal", "build", "coinpulse.image.registry", "docker.io");
        var root = JibConfig.pom(Project.root().resolve("pom.xml"));
        var properties = JibConfig.child(root, "properties").orElseThrow();
        props.forEach((k, v) -> assertThat(JibConfig.child(properties, k).orElseThrow().getTextContent()).isEqualTo(v));
        for (String module : new String[] {"pom.xml", "ingest-service/pom.xml", "query-service/pom.xml", "spark-app/pom.xml"}) {
            var pom = JibConfig.pom(Project.root().resolve(module));
            JibConfig.child(pom, "build").ifPresent(build ->
                    assertThat(JibConfig.plugin(build, JibConfig.JIB)).as(module + " build/plugins").isEmpty());
        }
    }
}
