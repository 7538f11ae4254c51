package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Something that runs pods: a Deployment, StatefulSet or Pod, or one role (driver, executor) of a
 * SparkApplication or of a ScheduledSparkApplication's template. Gives the checks one view of labels,
 * containers, security contexts and environment.
 */
record Workload(String id, boolean spark, Map<String, String> podLabels, JsonNode podSecurityContext,
                List<JsonNode> containers, String serviceAccount) {

    static List<Workload> of(Manifests manifests) {
        List<Workload> workloads = new ArrayList<>();
        for (ObjectNode o : manifests.all()) {
            String kind = Manifests.kind(o);
            switch (kind) {
                case "Deployment", "StatefulSet", "Job" -> workloads.add(pod(Manifests.id(o), o.path("spec").path("template")));
                case "Pod" -> workloads.add(pod(Manifests.id(o), o));
                case "SparkApplication" -> workloads.addAll(spark(Manifests.id(o), o.path("spec")));
                case "ScheduledSparkApplication" -> workloads.addAll(spark(Manifests.id(o), o.path("spec").path("template")));
                default -> { }
            }
        }
        return workloads;
    }

    private static Workload pod(String id, JsonNode template) {
        JsonNode spec = template.path("spec");
        List<JsonNode> containers = new ArrayList<>();
        spec.path("initContainers").forEach(containers::add);
        spec.path("containers").forEach(containers::add);
        return new Workload(id, false, labels(template.path("metadata").path("labels")), spec.path("securityContext"),
                containers, spec.path("serviceAccountName").asText(""));
    }

    private static List<Workload> spark(String id, JsonNode spec) {
        List<Workload> roles = new ArrayList<>();
        for (String role : List.of("driver", "executor")) {
            JsonNode r = spec.path(role);
            roles.add(new Workload(id + " " + role, true, labels(r.path("labels")), r.path("podSecurityContext"),
                    List.of(r), role.equals("driver") ? r.path("serviceAccount").asText("") : ""));
        }
        return roles;
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** Which coinpulse component this is, by the chart's component label or the k8s/ name label. */
    Optional<Contracts.Component> component() {
        String component = podLabels.getOrDefault("app.kubernetes.io/component", "");
        String name = podLabels.getOrDefault("app.kubernetes.io/name", "");
        if (component.equals("ingest") || name.equals("ingest-service")) {
            return Optional.of(Contracts.Component.INGEST);
        }
        if (component.equals("query") || name.equals("query-service")) {
            return Optional.of(Contracts.Component.QUERY);
        }
        if (component.equals("spark") || name.equals("spark-app")) {
            return Optional.of(Contracts.Component.SPARK);
        }
        return Optional.empty();
    }

    boolean selectedBy(Map<String, String> selector) {
        return !selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet());
    }

    /** Env var name -> its definition: the EnvVar node, or a ConfigMap value for envFrom entries. */
    Map<String, JsonNode> environment(JsonNode container, Manifests manifests, List<String> problems) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String name = from.path("configMapRef").path("name").asText();
                Optional<ObjectNode> cm = manifests.find("ConfigMap", name);
                if (cm.isEmpty()) {
                    problems.add(id + ": envFrom ConfigMap " + name + " is not among the objects");
                    continue;
                }
                cm.get().path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue()));
            } else {
                problems.add(id + ": envFrom other than a ConfigMap: " + from);
            }
        }
        List<String> names = new ArrayList<>();
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (names.contains(name)) {
                problems.add(id + ": env " + name + " is set twice");
            }
            names.add(name);
            env.put(name, e);
        }
        return env;
    }
}
