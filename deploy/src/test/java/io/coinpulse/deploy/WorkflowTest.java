package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** .github/workflows/images.yml: on a version tag, test, log in, build and push the three images with Jib. */
class WorkflowTest {

    @Test
    void pushesTheImagesOnAVersionTag() throws Exception {
        JsonNode wf = Manifests.YAML.readTree(Project.root().resolve(".github/workflows/images.yml").toFile());
        assertThat(wf.at("/on/push/tags")).extracting(JsonNode::asText).containsExactly("v*");
        assertThat(wf.at("/on/push/branches").isMissingNode()).isTrue();
        assertThat(wf.at("/permissions/packages").asText()).isEqualTo("write");
        JsonNode job = wf.at("/jobs/images");
        assertThat(job.path("runs-on").asText()).isEqualTo("ubuntu-latest");
        List<String> uses = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        job.path("steps").forEach(s -> {
            if (s.has("uses")) {
                uses.add(s.path("uses").asText());
            }
            if (s.has("run")) {
                runs.add(s.path("run").asText());
            }
        });
        assertThat(uses).containsExactly("actions/checkout@v4", "actions/setup-java@v4", "docker/login-action@v3");
        assertThat(job.at("/steps/1/with/java-version").asText()).isEqualTo("17");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0)).isEqualTo("./mvnw -B -ntp verify");
        assertThat(runs.get(1)).contains("-Pimages", "-pl ingest-service,query-service,spark-app", "package",
                "-Dcoinpulse.image.registry=\"ghcr.io/${owner}\"", "-Dcoinpulse.image.tag=\"${GITHUB_REF_NAME#v}\"")
                .doesNotContain("jib.goal");
        assertThat(job.at("/steps/3/with/password").asText()).isEqualTo("${{ secrets.GITHUB_TOKEN }}");
    }
}
