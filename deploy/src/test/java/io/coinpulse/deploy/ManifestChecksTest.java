package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks can fail: each breaks one thing in a valid rendering and expects exactly that to be
 * reported (a check that cannot fail would make every other test worthless).
 */
class ManifestChecksTest {

    private static String valid;

    @BeforeAll
    static void render() {
        valid = String.join("\n---\n", HelmChart.render("coinpulse", "mutations", "").all().stream()
                .map(Object::toString).toList());
    }

    private static Manifests broken(String kind, String name, Consumer<ObjectNode> change) {
        Manifests m = Manifests.parse("mutated", valid);
        change.accept(m.get(kind, name));
        return m;
    }

    private static List<String> all(Manifests m) {
        List<String> problems = new java.util.ArrayList<>();
        problems.addAll(ManifestChecks.typedAndValid(m));
        problems.addAll(ManifestChecks.labelsAndSelectors(m));
        problems.addAll(ManifestChecks.references(m));
        problems.addAll(ManifestChecks.environment(m));
        problems.addAll(ManifestChecks.secrets(m, name -> ManifestChecks.strimziMade(m, name)));
        problems.addAll(ManifestChecks.security(m));
        problems.addAll(ManifestChecks.kafka(m, new ManifestChecks.Expect(3, 3, 2, Set.of())));
        problems.addAll(ManifestChecks.sparkApplications(m));
        return problems;
    }

    @Test
    void theValidRenderingHasNoProblem() {
        assertThat(all(Manifests.parse("valid", valid))).isEmpty();
    }

    @Test
    void sparkApplicationAgainstItsCrd() {
        assertThat(all(broken("SparkApplication", "coinpulse-spark-stream", o -> o.with("spec").with("driver").put("cores", "1"))))
                .singleElement().asString().contains("SparkApplication/coinpulse-spark-stream").contains("cores");
        assertThat(all(broken("SparkApplication", "coinpulse-spark-stream", o -> o.with("spec").with("restartPolicy").put("type", "Sometimes"))))
                .anyMatch(p -> p.contains("restartPolicy") || p.contains("Sometimes"));
        assertThat(all(broken("SparkApplication", "coinpulse-spark-stream", o -> o.with("spec").put("mainClas", "x"))))
                .singleElement().asString().contains("mainClas");
    }

    @Test
    void strimziAgainstBothReleasesAndTheModel() {
        // v1 KafkaUser ACLs take "operations"; the singular field is gone
        List<String> problems = all(broken("KafkaUser", "coinpulse-ingest", o -> {
            ObjectNode acl = (ObjectNode) o.at("/spec/authorization/acls/0");
            acl.put("operation", "Write");
        }));
        assertThat(problems).anyMatch(p -> p.contains("strimzi 1.2.0") && p.contains("operation"));
        assertThat(all(broken("KafkaNodePool", "coinpulse-dual-role", o -> o.with("spec").putArray("roles").add("zookeeper"))))
                .anyMatch(p -> p.contains("zookeeper"));
    }

    @Test
    void coreKindsAgainstTheirTypedModels() {
        assertThat(all(broken("Deployment", "coinpulse-ingest",
                o -> ((ObjectNode) o.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always"))))
                .singleElement().asString().contains("Deployment/coinpulse-ingest").contains("imagePullPolicyy");
    }

    @Test
    void selectorsAndReferences() {
        assertThat(all(broken("Service", "coinpulse-query", o -> o.with("spec").with("selector").put("app.kubernetes.io/component", "api"))))
                .anyMatch(p -> p.contains("Service/coinpulse-query") && p.contains("selects no workload"));
        assertThat(all(broken("SparkApplication", "coinpulse-spark-stream", o -> o.with("spec").with("driver").put("serviceAccount", "spark"))))
                .anyMatch(p -> p.contains("ServiceAccount spark"));
    }

    @Test
    void environmentAndSecrets() {
        assertThat(all(broken("Deployment", "coinpulse-query", o -> {
            ArrayNode env = (ArrayNode) o.at("/spec/template/spec/containers/0/env");
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).path("name").asText().equals("COINPULSE_DB_PASSWORD")) {
                    env.set(i, env.objectNode().put("name", "COINPULSE_DB_PASSWORD").put("value", "hunter2"));
                }
            }
        }))).singleElement().asString().contains("COINPULSE_DB_PASSWORD is not read from a Secret");
        assertThat(all(broken("SparkApplication", "coinpulse-spark-stream", o -> {
            ArrayNode env = (ArrayNode) o.at("/spec/executor/env");
            for (int i = env.size() - 1; i >= 0; i--) {
                if (env.get(i).path("name").asText().equals("COINPULSE_CHECKPOINT_PATH")) {
                    env.remove(i);
                }
            }
        }))).singleElement().asString().contains("executor: COINPULSE_CHECKPOINT_PATH is not set");
    }

    @Test
    void securityTopicsAndTheJob() {
        assertThat(all(broken("Deployment", "coinpulse-ingest", o -> ((ObjectNode) o.at("/spec/template/spec/securityContext")).put("runAsNonRoot", false))))
                .singleElement().asString().contains("runAsNonRoot");
        assertThat(all(broken("StatefulSet", "coinpulse-mysql", o -> ((ObjectNode) o.at("/spec/template/spec/containers/0")).remove("resources"))))
                .singleElement().asString().contains("resources");
        assertThat(all(broken("KafkaTopic", "coinpulse-crypto-alerts", o -> o.with("spec").put("topicName", "crypto.alert"))))
                .anyMatch(p -> p.contains("crypto.alert]") || p.contains("crypto.alert,"));
        assertThat(all(broken("SparkApplication", "coinpulse-spark-stream", o -> o.with("spec").put("mainApplicationFile", "local:///opt/spark/jars/app.jar"))))
                .singleElement().asString().contains("not where the Dockerfile puts the jar");
        assertThat(all(broken("ScheduledSparkApplication", "coinpulse-spark-compare", o -> o.with("spec").with("template").put("mainClass", "io.coinpulse.Main"))))
                .singleElement().asString().contains("mainClass io.coinpulse.Main");
    }
}
