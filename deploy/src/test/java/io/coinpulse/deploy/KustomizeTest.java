package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * k8s/: the base, the dev overlay, the monitoring component and the backfill job. Rendered with
 * kubectl kustomize when the machine has kubectl (no Java library renders kustomizations); the base
 * files are also read and checked one by one, which needs no tool.
 */
class KustomizeTest {

    /** Secrets k8s/ expects to exist before kubectl apply (docs/DEPLOY.md creates them). */
    static final Set<String> GIVEN = Set.of("coinpulse-db", "coinpulse-s3", "coinpulse-ingest-api-keys", "coinpulse-query-api-keys");

    @Test
    void baseFilesOneByOne() throws IOException {
        Path base = Project.k8s().resolve("base");
        JsonNode kustomization = Manifests.YAML.readTree(base.resolve("kustomization.yaml").toFile());
        List<Manifests> parts = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            parts.add(Manifests.read(base.resolve(resource.asText())));
        }
        try (var files = Files.walk(base)) {
            long yamlFiles = files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).count();
            assertThat(parts).as("every file under k8s/base is a resource of the kustomization").hasSize((int) yamlFiles);
        }
        Manifests m = Manifests.concat("k8s/base files", parts);
        ManifestChecks.verify(m, new ManifestChecks.Expect(3, 3, 2, GIVEN));
    }

    @Test
    void base() {
        assumeTrue(Kustomize.available(), "kubectl is not installed: the base files are checked by baseFilesOneByOne");
        Manifests m = Kustomize.build(Project.k8s().resolve("base"));
        ManifestChecks.verify(m, new ManifestChecks.Expect(3, 3, 2, GIVEN));
        assertThat(m.all()).allSatisfy(o -> assertThat(o.at("/metadata/labels/app.kubernetes.io~1part-of").asText())
                .as(Manifests.id(o)).isEqualTo("coinpulse"));
        assertThat(m.get("SparkApplication", "coinpulse-stream").at("/spec/restartPolicy/type").asText()).isEqualTo("Always");
        assertThat(m.get("Deployment", "coinpulse-query").at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void devOverlay() {
        assumeTrue(Kustomize.available(), "kubectl is not installed");
        Manifests m = Kustomize.build(Project.k8s().resolve("overlays/dev"));
        ManifestChecks.verify(m, new ManifestChecks.Expect(1, 1, 1, GIVEN));
        assertThat(m.all()).allSatisfy(o -> assertThat(o.at("/metadata/namespace").asText()).as(Manifests.id(o))
                .isEqualTo("coinpulse-dev"));
        ObjectNode kafka = m.get("Kafka", "coinpulse");
        assertThat(kafka.at("/spec/kafka/config/offsets.topic.replication.factor").asInt()).isEqualTo(1);
        assertThat(kafka.at("/spec/kafka/config/auto.create.topics.enable").asBoolean(true)).isFalse();
        assertThat(m.get("Deployment", "coinpulse-query").at("/spec/replicas").asInt()).isEqualTo(1);
        ObjectNode stream = m.get("SparkApplication", "coinpulse-stream");
        assertThat(stream.at("/spec/executor/instances").asInt()).isEqualTo(1);
        assertThat(stream.at("/spec/sparkConf/spark.hadoop.fs.s3a.endpoint").asText()).isEqualTo("http://minio.minio.svc:9000");
        assertThat(m.get("ScheduledSparkApplication", "coinpulse-compare-nightly")
                .at("/spec/template/sparkConf/spark.hadoop.fs.s3a.path.style.access").asText()).isEqualTo("true");
        assertThat(m.get("NetworkPolicy", "coinpulse-spark").at("/spec/egress").toString()).contains("\"port\":9000");
        assertThat(m.get("RoleBinding", "coinpulse-spark-driver").at("/subjects/0/namespace").asText()).isEqualTo("coinpulse-dev");
    }

    @Test
    void monitoringComponent() throws IOException {
        assumeTrue(Kustomize.available(), "kubectl is not installed");
        Path overlay = Project.scratch("kustomize-monitoring");
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                components:
                  - %s
                """.formatted(overlay.relativize(Project.k8s().resolve("base")), overlay.relativize(Project.k8s().resolve("components/monitoring"))));
        Manifests m = Kustomize.build(overlay);
        ManifestChecks.verify(m, new ManifestChecks.Expect(3, 3, 2, GIVEN));
        assertThat(m.ofKind("ServiceMonitor")).extracting(Manifests::name).containsExactlyInAnyOrder("coinpulse-ingest", "coinpulse-query");
        assertThat(m.ofKind("PodMonitor")).extracting(Manifests::name)
                .containsExactlyInAnyOrder("coinpulse-spark", "coinpulse-kafka", "coinpulse-kafka-exporter");
        assertThat(m.ofKind("ServiceMonitor")).allSatisfy(sm -> assertThat(sm.at("/spec/endpoints/0/port").asText()).isEqualTo("management"));
        assertThat(m.get("Kafka", "coinpulse").at("/spec/kafkaExporter/topicRegex").asText()).isEqualTo("crypto\\..*");
    }

    /** The backfill is applied on its own (kubectl apply -f k8s/jobs/backfill.yaml) next to the base. */
    @Test
    void backfillJobWithTheBase() throws IOException {
        Path base = Project.k8s().resolve("base");
        JsonNode kustomization = Manifests.YAML.readTree(base.resolve("kustomization.yaml").toFile());
        List<Manifests> parts = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            parts.add(Manifests.read(base.resolve(resource.asText())));
        }
        Manifests job = Manifests.read(Project.k8s().resolve("jobs/backfill.yaml"));
        assertThat(job.all()).hasSize(1);
        parts.add(job);
        ManifestChecks.verify(Manifests.concat("k8s/base + k8s/jobs/backfill.yaml", parts),
                new ManifestChecks.Expect(3, 3, 2, GIVEN));
        ObjectNode backfill = job.get("SparkApplication", "coinpulse-backfill");
        assertThat(backfill.at("/spec/arguments/0").asText()).isEqualTo("backfill");
        assertThat(backfill.at("/spec/arguments").toString()).contains("--coinpulse.backfill.from=").contains("--coinpulse.backfill.to=");
        assertThat(backfill.at("/spec/restartPolicy/type").asText()).isEqualTo("OnFailure");
    }
}
