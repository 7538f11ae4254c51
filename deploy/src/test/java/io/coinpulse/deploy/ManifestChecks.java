package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks every rendering (chart or kustomize) must pass. Each returns the problems it found, so a
 * failure lists all of them at once.
 */
final class ManifestChecks {

    static final String MAIN_CLASS = "io.coinpulse.spark.CoinpulseJob";
    static final Set<String> SPARK_MODES = Set.of("stream", "backfill", "compare", "maintain");

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|API_KEY|JAAS|ACCESS_KEY).*");
    private static final CrdSchemas STRIMZI_1_2 = CrdSchemas.load(Project.shared().resolve("crds/strimzi/1.2.0"));
    private static final CrdSchemas STRIMZI_0_51 = CrdSchemas.load(Project.shared().resolve("crds/strimzi/0.51.0"));
    private static final CrdSchemas SPARK_OPERATOR = CrdSchemas.load(Project.shared().resolve("crds/spark-operator/v2.5.2"));

    /**
     * What a rendering is expected to hold.
     *
     * @param kafkaNodes     replicas of the Strimzi node pool, or 0 when the rendering has no Strimzi cluster
     * @param replication    replicas of every KafkaTopic
     * @param minInsync      min.insync.replicas of the cluster and of every topic
     * @param givenSecrets   Secrets the user creates before installing (existingSecret values, k8s/ prerequisites);
     *                       the ones Strimzi makes (KafkaUsers, the cluster CA) are known from the rendering itself
     */
    record Expect(int kafkaNodes, int replication, int minInsync, Set<String> givenSecrets) {
    }

    private ManifestChecks() {
    }

    /** Runs every check and fails with the full list of problems. */
    static void verify(Manifests m, Expect expect) {
        List<String> problems = new ArrayList<>();
        problems.addAll(typedAndValid(m));
        problems.addAll(labelsAndSelectors(m));
        problems.addAll(references(m));
        problems.addAll(environment(m));
        problems.addAll(secrets(m, name -> expect.givenSecrets().contains(name) || strimziMade(m, name)));
        problems.addAll(security(m));
        problems.addAll(kafka(m, expect));
        problems.addAll(sparkApplications(m));
        assertThat(problems).as("problems in " + m.origin()).isEmpty();
    }

    /** Every object parses into its typed model with no unknown field; every custom resource validates against its CRD. */
    static List<String> typedAndValid(Manifests m) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ObjectNode o : m.all()) {
            String id = Manifests.id(o);
            if (!ids.add(id)) {
                problems.add(id + " is rendered twice");
            }
            String apiVersion = Manifests.apiVersion(o);
            try {
                if (apiVersion.startsWith("kafka.strimzi.io/")) {
                    problems.addAll(prefixed(id, STRIMZI_1_2.validate(o)));
                    problems.addAll(prefixed(id, STRIMZI_0_51.validate(o)));
                    problems.addAll(prefixed(id, TypedModels.unknownFields(TypedModels.parse(o))));
                } else if (apiVersion.startsWith("sparkoperator.k8s.io/")) {
                    problems.addAll(prefixed(id, SPARK_OPERATOR.validate(o)));
                    problems.addAll(prefixed(id + " metadata", TypedModels.unknownFields(TypedModels.metadata(o))));
                } else {
                    HasMetadata typed = TypedModels.parse(o);
                    problems.addAll(prefixed(id, TypedModels.unknownFields(typed)));
                }
            } catch (RuntimeException | AssertionError e) {
                problems.add(id + ": " + e.getMessage());
            }
        }
        return problems;
    }

    private static List<String> prefixed(String id, List<String> messages) {
        return messages.stream().map(msg -> id + ": " + msg).toList();
    }

    /** Workload selectors match their pods; Services, NetworkPolicies and monitors select something real. */
    static List<String> labelsAndSelectors(Manifests m) {
        List<String> problems = new ArrayList<>();
        List<Workload> workloads = Workload.of(m);
        for (ObjectNode o : m.all()) {
            String kind = Manifests.kind(o);
            if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
                var selector = Workload.labels(o.path("spec").path("selector").path("matchLabels"));
                var pod = Workload.labels(o.path("spec").path("template").path("metadata").path("labels"));
                if (selector.isEmpty() || !pod.entrySet().containsAll(selector.entrySet())) {
                    problems.add(Manifests.id(o) + ": selector " + selector + " does not match its pod labels " + pod);
                }
            }
        }
        for (ObjectNode svc : m.ofKind("Service")) {
            var selector = Workload.labels(svc.path("spec").path("selector"));
            List<Workload> selected = workloads.stream().filter(w -> w.selectedBy(selector)).toList();
            if (selected.isEmpty()) {
                problems.add(Manifests.id(svc) + ": selector " + selector + " selects no workload");
                continue;
            }
            for (JsonNode port : svc.path("spec").path("ports")) {
                String target = port.path("targetPort").asText();
                boolean found = selected.stream().flatMap(w -> w.containers().stream())
                        .flatMap(c -> stream(c.path("ports")))
                        .anyMatch(p -> p.path("name").asText().equals(target)
                                || p.path("containerPort").asText().equals(target));
                if (!found) {
                    problems.add(Manifests.id(svc) + ": targetPort " + target + " is no container port of " + selected.get(0).id());
                }
            }
        }
        for (ObjectNode np : m.ofKind("NetworkPolicy")) {
            var selector = Workload.labels(np.path("spec").path("podSelector").path("matchLabels"));
            if (workloads.stream().noneMatch(w -> w.selectedBy(selector))) {
                problems.add(Manifests.id(np) + ": podSelector " + selector + " selects no workload");
            }
            for (JsonNode rule : np.path("spec").path("ingress")) {
                for (JsonNode peer : rule.path("from")) {
                    problems.addAll(peerSelectsSomething(np, peer, workloads));
                }
            }
            for (JsonNode rule : np.path("spec").path("egress")) {
                for (JsonNode peer : rule.path("to")) {
                    problems.addAll(peerSelectsSomething(np, peer, workloads));
                }
            }
        }
        for (ObjectNode sm : m.ofKind("ServiceMonitor")) {
            var selector = Workload.labels(sm.path("spec").path("selector").path("matchLabels"));
            Optional<ObjectNode> svc = m.ofKind("Service").stream()
                    .filter(s -> Workload.labels(s.path("metadata").path("labels")).entrySet().containsAll(selector.entrySet()))
                    .findFirst();
            if (svc.isEmpty()) {
                problems.add(Manifests.id(sm) + ": selector " + selector + " selects no Service");
                continue;
            }
            for (JsonNode ep : sm.path("spec").path("endpoints")) {
                String port = ep.path("port").asText();
                if (stream(svc.get().path("spec").path("ports")).noneMatch(p -> p.path("name").asText().equals(port))) {
                    problems.add(Manifests.id(sm) + ": port " + port + " is not a named port of " + Manifests.id(svc.get()));
                }
            }
        }
        for (ObjectNode pm : m.ofKind("PodMonitor")) {
            var selector = Workload.labels(pm.path("spec").path("selector").path("matchLabels"));
            boolean strimzi = selector.containsKey("strimzi.io/cluster");
            if (strimzi ? m.find("Kafka", selector.get("strimzi.io/cluster")).isEmpty()
                    : workloads.stream().noneMatch(w -> w.selectedBy(selector))) {
                problems.add(Manifests.id(pm) + ": selector " + selector + " selects no pods");
            }
        }
        return problems;
    }

    /** A peer with a podSelector in the same namespace must select a workload (or Strimzi's Kafka pods). */
    private static List<String> peerSelectsSomething(ObjectNode np, JsonNode peer, List<Workload> workloads) {
        if (peer.has("namespaceSelector") || !peer.has("podSelector")) {
            return List.of();
        }
        var selector = Workload.labels(peer.path("podSelector").path("matchLabels"));
        if (selector.containsKey("strimzi.io/cluster")) {
            return List.of();
        }
        if (workloads.stream().noneMatch(w -> w.selectedBy(selector))) {
            return List.of(Manifests.id(np) + ": peer podSelector " + selector + " selects no workload");
        }
        return List.of();
    }

    /** Names that must resolve inside the rendering: ServiceAccounts, Roles, ConfigMaps, the Strimzi cluster. */
    static List<String> references(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : Workload.of(m)) {
            if (!w.serviceAccount().isEmpty() && m.find("ServiceAccount", w.serviceAccount()).isEmpty()) {
                problems.add(w.id() + ": ServiceAccount " + w.serviceAccount() + " is not among the objects");
            }
            if (w.spark() && w.id().endsWith("driver") && w.serviceAccount().isEmpty()) {
                problems.add(w.id() + ": the driver has no serviceAccount (it must create its executors)");
            }
        }
        for (ObjectNode rb : m.ofKind("RoleBinding")) {
            String role = rb.path("roleRef").path("name").asText();
            if (m.find(rb.path("roleRef").path("kind").asText(), role).isEmpty()) {
                problems.add(Manifests.id(rb) + ": roleRef " + role + " is not among the objects");
            }
            for (JsonNode subject : rb.path("subjects")) {
                if (subject.path("kind").asText().equals("ServiceAccount")
                        && m.find("ServiceAccount", subject.path("name").asText()).isEmpty()) {
                    problems.add(Manifests.id(rb) + ": subject " + subject.path("name").asText() + " is not among the objects");
                }
            }
        }
        for (ObjectNode sts : m.ofKind("StatefulSet")) {
            String service = sts.path("spec").path("serviceName").asText();
            Optional<ObjectNode> headless = m.find("Service", service);
            if (headless.isEmpty() || !"None".equals(headless.get().path("spec").path("clusterIP").asText())) {
                problems.add(Manifests.id(sts) + ": serviceName " + service + " is no headless Service of the rendering");
            }
        }
        for (ObjectNode o : m.select(o -> Manifests.apiVersion(o).startsWith("kafka.strimzi.io/") && !Manifests.kind(o).equals("Kafka"))) {
            String cluster = o.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            if (m.find("Kafka", cluster).isEmpty()) {
                problems.add(Manifests.id(o) + ": strimzi.io/cluster '" + cluster + "' names no Kafka of the rendering");
            }
        }
        return problems;
    }

    /** Every variable the contract says a component reads is set on it (containers, Spark driver and executors). */
    static List<String> environment(Manifests m) {
        List<String> problems = new ArrayList<>();
        var contract = Contracts.environment();
        for (Workload w : Workload.of(m)) {
            Optional<Contracts.Component> component = w.component();
            if (component.isEmpty()) {
                continue;
            }
            for (JsonNode container : w.containers()) {
                Map<String, JsonNode> env = w.environment(container, m, problems);
                for (String var : contract.get(component.get())) {
                    if (!Contracts.OPTIONAL.contains(var) && !env.containsKey(var)) {
                        problems.add(w.id() + ": " + var + " is not set (docs/CONTRACTS.md: " + component.get() + " reads it)");
                    }
                }
                JsonNode sources = env.get("COINPULSE_INGEST_SOURCES");
                if (sources != null && sources.path("value").asText(sources.asText()).contains("replay")
                        && !env.containsKey("COINPULSE_INGEST_REPLAY_FILE")) {
                    problems.add(w.id() + ": the replay source is on but COINPULSE_INGEST_REPLAY_FILE is not set");
                }
                for (var e : env.entrySet()) {
                    JsonNode ref = e.getValue().path("valueFrom").path("configMapKeyRef");
                    if (!ref.isMissingNode() && m.find("ConfigMap", ref.path("name").asText()).isEmpty()) {
                        problems.add(w.id() + ": " + e.getKey() + " reads ConfigMap " + ref.path("name").asText() + " that is not rendered");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Credentials are referenced, never inlined: secret-looking variables come from secretKeyRef, no
     * ConfigMap holds one, and every referenced Secret is rendered or known to exist outside.
     */
    static List<String> secrets(Manifests m, Predicate<String> outsideSecrets) {
        List<String> problems = new ArrayList<>();
        Set<String> rendered = new LinkedHashSet<>();
        m.ofKind("Secret").forEach(s -> rendered.add(Manifests.name(s)));
        for (Workload w : Workload.of(m)) {
            for (JsonNode container : w.containers()) {
                for (var e : w.environment(container, m, new ArrayList<>()).entrySet()) {
                    JsonNode def = e.getValue();
                    JsonNode ref = def.path("valueFrom").path("secretKeyRef");
                    if (SECRET_NAME.matcher(e.getKey()).matches() && ref.isMissingNode()) {
                        problems.add(w.id() + ": " + e.getKey() + " is not read from a Secret");
                    }
                    if (!ref.isMissingNode()) {
                        String name = ref.path("name").asText();
                        if (!rendered.contains(name) && !outsideSecrets.test(name)) {
                            problems.add(w.id() + ": " + e.getKey() + " reads Secret " + name + " that nobody makes");
                        }
                    }
                }
            }
        }
        for (ObjectNode o : m.all()) {
            JsonNode spec = o.path("spec");
            List<JsonNode> volumes = new ArrayList<>();
            spec.path("template").path("spec").path("volumes").forEach(volumes::add);
            spec.path("volumes").forEach(volumes::add);
            spec.path("template").path("volumes").forEach(volumes::add);
            for (JsonNode v : volumes) {
                String name = v.path("secret").path("secretName").asText("");
                if (!name.isEmpty() && !rendered.contains(name) && !outsideSecrets.test(name)) {
                    problems.add(Manifests.id(o) + ": volume " + v.path("name").asText() + " mounts Secret " + name + " that nobody makes");
                }
            }
        }
        for (ObjectNode cm : m.ofKind("ConfigMap")) {
            cm.path("data").fieldNames().forEachRemaining(k -> {
                if (SECRET_NAME.matcher(k).matches()) {
                    problems.add(Manifests.id(cm) + ": " + k + " looks like a credential in a ConfigMap");
                }
            });
        }
        return problems;
    }

    /** Secrets the Strimzi operators write for the rendered Kafka and KafkaUsers. */
    static boolean strimziMade(Manifests m, String secret) {
        return m.find("KafkaUser", secret).isPresent()
                || m.ofKind("Kafka").stream().anyMatch(k -> (Manifests.name(k) + "-cluster-ca-cert").equals(secret));
    }

    /** Non-root, no privilege escalation, no capabilities, resources, pinned images, read-only root fs for the services. */
    static List<String> security(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Workload w : Workload.of(m)) {
            if (!w.podSecurityContext().path("runAsNonRoot").asBoolean(false)) {
                problems.add(w.id() + ": pod securityContext.runAsNonRoot is not true");
            }
            for (JsonNode c : w.containers()) {
                String name = w.spark() ? w.id() : w.id() + " container " + c.path("name").asText();
                JsonNode sc = c.path("securityContext");
                if (sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                    problems.add(name + ": allowPrivilegeEscalation is not false");
                }
                if (stream(sc.path("capabilities").path("drop")).noneMatch(d -> d.asText().equals("ALL"))) {
                    problems.add(name + ": capabilities do not drop ALL");
                }
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                    problems.add(name + ": readOnlyRootFilesystem is not true");
                }
                if (w.spark()) {
                    if (c.path("cores").asInt(0) < 1 || c.path("memory").asText().isEmpty()) {
                        problems.add(name + ": cores and memory must be set");
                    }
                    continue;
                }
                JsonNode res = c.path("resources");
                if (res.path("requests").path("cpu").isMissingNode() || res.path("requests").path("memory").isMissingNode()
                        || res.path("limits").path("memory").isMissingNode()) {
                    problems.add(name + ": resources need requests.cpu, requests.memory and limits.memory");
                }
                String image = c.path("image").asText();
                if (!image.matches(".+:[^/:]+") || image.endsWith(":latest")) {
                    problems.add(name + ": image " + image + " is not pinned to a tag");
                }
            }
        }
        return problems;
    }

    /** The Strimzi cluster: KRaft node pool size, no auto-created topics, replication, the SPEC's topics, SCRAM users. */
    static List<String> kafka(Manifests m, Expect expect) {
        List<String> problems = new ArrayList<>();
        List<ObjectNode> clusters = m.ofKind("Kafka");
        if (expect.kafkaNodes() == 0) {
            if (!m.select(o -> Manifests.apiVersion(o).startsWith("kafka.strimzi.io/")).isEmpty()) {
                problems.add("Strimzi resources are rendered although no Kafka cluster is expected");
            }
            return problems;
        }
        if (clusters.size() != 1) {
            return List.of("expected one Kafka, found " + clusters.size());
        }
        JsonNode kafka = clusters.get(0).path("spec").path("kafka");
        JsonNode config = kafka.path("config");
        if (!"false".equals(config.path("auto.create.topics.enable").asText())) {
            problems.add("Kafka: auto.create.topics.enable must be false");
        }
        if (config.path("min.insync.replicas").asInt() != expect.minInsync()) {
            problems.add("Kafka: min.insync.replicas is " + config.path("min.insync.replicas") + ", expected " + expect.minInsync());
        }
        int nodes = m.ofKind("KafkaNodePool").stream().mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
        if (nodes != expect.kafkaNodes()) {
            problems.add("KafkaNodePools: " + nodes + " nodes, expected " + expect.kafkaNodes());
        }
        for (ObjectNode pool : m.ofKind("KafkaNodePool")) {
            Set<String> roles = new HashSet<>();
            pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
            if (!roles.containsAll(Set.of("controller", "broker"))) {
                problems.add(Manifests.id(pool) + ": roles " + roles + " (KRaft: controller and broker expected)");
            }
        }
        Set<String> topics = new LinkedHashSet<>();
        for (ObjectNode t : m.ofKind("KafkaTopic")) {
            JsonNode spec = t.path("spec");
            topics.add(spec.path("topicName").asText(Manifests.name(t)));
            if (spec.path("replicas").asInt() != expect.replication()) {
                problems.add(Manifests.id(t) + ": replicas " + spec.path("replicas") + ", expected " + expect.replication());
            }
            if (spec.path("config").path("min.insync.replicas").asInt() != expect.minInsync()) {
                problems.add(Manifests.id(t) + ": min.insync.replicas " + spec.path("config").path("min.insync.replicas"));
            }
            if (spec.path("partitions").asInt() < 1 || spec.path("config").path("retention.ms").isMissingNode()) {
                problems.add(Manifests.id(t) + ": partitions and retention.ms must be set");
            }
        }
        if (!topics.equals(Contracts.topics())) {
            problems.add("KafkaTopics " + topics + " are not the contract's topics " + Contracts.topics());
        }
        Set<String> listenerAuth = new HashSet<>();
        kafka.path("listeners").forEach(l -> listenerAuth.add(l.path("authentication").path("type").asText("none")));
        if (!listenerAuth.equals(Set.of("scram-sha-512"))) {
            problems.add("Kafka listeners must all authenticate with scram-sha-512: " + listenerAuth);
        }
        List<ObjectNode> users = m.ofKind("KafkaUser");
        if (users.size() < 3) {
            problems.add("expected a KafkaUser per service (3) and any extra users, found " + users.size());
        }
        for (ObjectNode u : users) {
            if (!"scram-sha-512".equals(u.path("spec").path("authentication").path("type").asText())) {
                problems.add(Manifests.id(u) + ": authentication is not scram-sha-512");
            }
            for (JsonNode acl : u.path("spec").path("authorization").path("acls")) {
                JsonNode r = acl.path("resource");
                if (r.path("type").asText().equals("topic") && !Contracts.topics().contains(r.path("name").asText())) {
                    problems.add(Manifests.id(u) + ": ACL on unknown topic " + r.path("name").asText());
                }
                if (stream(acl.path("operations")).anyMatch(op -> op.asText().equals("All"))) {
                    problems.add(Manifests.id(u) + ": ACL grants All");
                }
            }
        }
        return problems;
    }

    /** The job: main class, the jar where the image has it, a known mode, metrics wired to the image's files. */
    static List<String> sparkApplications(Manifests m) {
        List<String> problems = new ArrayList<>();
        String jar = "local://" + SparkImage.jobJar();
        for (ObjectNode o : m.select(o -> Manifests.apiVersion(o).startsWith("sparkoperator.k8s.io/"))) {
            String id = Manifests.id(o);
            JsonNode spec = Manifests.kind(o).equals("ScheduledSparkApplication") ? o.path("spec").path("template") : o.path("spec");
            if (!MAIN_CLASS.equals(spec.path("mainClass").asText())) {
                problems.add(id + ": mainClass " + spec.path("mainClass").asText() + ", expected " + MAIN_CLASS);
            }
            if (!jar.equals(spec.path("mainApplicationFile").asText())) {
                problems.add(id + ": mainApplicationFile " + spec.path("mainApplicationFile").asText()
                        + " is not where the Dockerfile puts the jar (" + jar + ")");
            }
            String mode = spec.path("arguments").path(0).asText();
            if (!SPARK_MODES.contains(mode)) {
                problems.add(id + ": first argument '" + mode + "' is no mode of the job " + SPARK_MODES);
            }
            if (mode.equals("stream") && !"Always".equals(spec.path("restartPolicy").path("type").asText())
                    && !"OnFailure".equals(spec.path("restartPolicy").path("type").asText())) {
                problems.add(id + ": a stream needs restartPolicy Always or OnFailure");
            }
            if (!spec.path("sparkVersion").asText().startsWith("3.5.")) {
                problems.add(id + ": sparkVersion " + spec.path("sparkVersion").asText());
            }
            JsonNode monitoring = spec.path("monitoring");
            if (!monitoring.isMissingNode()) {
                expectImageFile(problems, id, "jmx exporter", monitoring.path("prometheus").path("jmxExporterJar").asText(), "jmx_prometheus_javaagent.jar");
                expectImageFile(problems, id, "metrics.properties", monitoring.path("metricsPropertiesFile").asText(), "metrics.properties");
                expectImageFile(problems, id, "prometheus.yaml", monitoring.path("prometheus").path("configFile").asText(), "prometheus.yaml");
            }
            JsonNode conf = spec.path("sparkConf");
            boolean s3 = Workload.of(Manifests.parse(id, o.toString())).stream()
                    .flatMap(w -> w.containers().stream().map(c -> w.environment(c, m, new ArrayList<>())))
                    .anyMatch(env -> env.containsKey("COINPULSE_LAKE_PATH")
                            && env.get("COINPULSE_LAKE_PATH").path("value").asText(env.get("COINPULSE_LAKE_PATH").asText())
                                    .startsWith("s3a://"));
            if (s3 && (conf.path("spark.hadoop.fs.s3a.impl").isMissingNode()
                    || conf.path("spark.hadoop.fs.s3a.aws.credentials.provider").isMissingNode())) {
                problems.add(id + ": an s3a:// lake needs spark.hadoop.fs.s3a.impl and a credentials provider");
            }
        }
        return problems;
    }

    private static void expectImageFile(List<String> problems, String id, String what, String path, String sourceSuffix) {
        String inImage = SparkImage.destinationOf(sourceSuffix);
        if (!inImage.equals(path)) {
            problems.add(id + ": " + what + " at " + path + ", but the image has it at " + inImage);
        }
    }

    static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }
}
