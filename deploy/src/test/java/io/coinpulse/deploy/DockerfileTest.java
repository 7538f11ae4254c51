package io.coinpulse.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Quarkus images: JVM mode, non-root, the port the manifests probe. */
class DockerfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "query-service"})
    void quarkusImageRunsAsNonRootOnThePortTheManifestsUse(String module) {
        List<String> lines = SparkImage.instructions(Project.root().resolve(module + "/src/main/docker/Dockerfile.jvm"));
        String from = lines.stream().filter(l -> l.startsWith("FROM ")).findFirst().orElseThrow();
        assertThat(from).contains("openjdk-17").matches("FROM \\S+:[0-9][^ ]*");
        assertThat(lines).contains("USER 185", "EXPOSE 8080", "ENV QUARKUS_HTTP_PORT=8080");
        assertThat(lines).noneMatch(l -> l.startsWith("COPY --chown"));
        assertThat(lines).anyMatch(l -> l.startsWith("COPY target/quarkus-app/lib/ "));
        assertThat(lines.get(lines.size() - 1)).startsWith("ENTRYPOINT");
        String component = module.substring(0, module.indexOf('-'));
        Manifests chart = HelmChart.render("coinpulse", "dockerfile-" + component, "");
        var container = chart.get("Deployment", "coinpulse-" + component).at("/spec/template/spec/containers/0");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(chart.get("Deployment", "coinpulse-" + component).at("/spec/template/spec/securityContext/runAsUser").asInt())
                .isEqualTo(185);
    }
}
