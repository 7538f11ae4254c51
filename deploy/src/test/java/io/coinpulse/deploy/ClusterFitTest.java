package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The values that make the chart fit real clusters: DNS, disruption, exposure, identities, extra users. */
class ClusterFitTest {

    private static Manifests defaults;
    private static Manifests fitted;

    @BeforeAll
    static void render() {
        defaults = HelmChart.render("coinpulse", "fit-defaults", "");
        fitted = HelmChart.render("coinpulse", "fit-all", """
                networkPolicy:
                  dns:
                    namespaceSelector:
                      matchLabels:
                        kubernetes.io/metadata.name: openshift-dns
                    podSelector:
                      matchLabels:
                        dns.operator.openshift.io/daemonset-dns: default
                    ipBlocks: [169.254.20.10/32]
                    ports: [53, 5353]
                query:
                  serviceAccount:
                    annotations:
                      eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/query
                  podDisruptionBudget:
                    maxUnavailable: 0
                  ingress:
                    enabled: true
                    className: nginx
                    host: coinpulse.example.com
                    tlsSecret: coinpulse-tls
                    timeoutSeconds: 7200
                  httpRoute:
                    enabled: true
                    parentRefs:
                      - name: public
                        namespace: gateways
                    hostnames: [coinpulse.example.com]
                spark:
                  serviceAccount:
                    annotations:
                      iam.gke.io/gcp-service-account: lake@project.iam.gserviceaccount.com
                kafka:
                  extraUsers:
                    - name: bi-consumer
                      topics: [crypto.metrics, crypto.alerts]
                      groupPrefix: bi-
                  extraNetworkPolicyPeers:
                    - namespaceSelector:
                        matchLabels:
                          kubernetes.io/metadata.name: analytics
                metrics:
                  serviceMonitor:
                    enabled: true
                """);
    }

    @Test
    void everyObjectIsValid() {
        ManifestChecks.verify(fitted, new ManifestChecks.Expect(3, 3, 2, Set.of("coinpulse-tls")));
    }

    @Test
    void dnsEgressReachesTheConfiguredResolvers() {
        JsonNode dflt = dnsRule(defaults.get("NetworkPolicy", "coinpulse-query"));
        assertThat(dflt.toString()).isEqualTo("{\"to\":[{\"namespaceSelector\":{},\"podSelector\":{\"matchLabels\":{\"k8s-app\":\"kube-dns\"}}}],"
                + "\"ports\":[{\"port\":53,\"protocol\":\"UDP\"},{\"port\":53,\"protocol\":\"TCP\"}]}");
        for (String np : List.of("coinpulse-ingest", "coinpulse-query", "coinpulse-spark")) {
            JsonNode rule = dnsRule(fitted.get("NetworkPolicy", np));
            assertThat(rule.at("/to/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText()).isEqualTo("openshift-dns");
            assertThat(rule.at("/to/0/podSelector/matchLabels/dns.operator.openshift.io~1daemonset-dns").asText()).isEqualTo("default");
            assertThat(rule.at("/to/1/ipBlock/cidr").asText()).isEqualTo("169.254.20.10/32");
            assertThat(rule.path("ports").toString()).isEqualTo("[{\"port\":53,\"protocol\":\"UDP\"},{\"port\":53,\"protocol\":\"TCP\"},"
                    + "{\"port\":5353,\"protocol\":\"UDP\"},{\"port\":5353,\"protocol\":\"TCP\"}]");
        }
    }

    private static JsonNode dnsRule(ObjectNode np) {
        return ManifestChecks.stream(np.at("/spec/egress")).filter(r -> r.toString().contains("\"protocol\":\"UDP\""))
                .findFirst().orElseThrow(() -> new AssertionError(Manifests.id(np) + " has no DNS egress"));
    }

    @Test
    void queryServiceSurvivesDrainsAndSpreads() {
        ObjectNode pdb = defaults.get("PodDisruptionBudget", "coinpulse-query");
        assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo("query");
        assertThat(fitted.get("PodDisruptionBudget", "coinpulse-query").at("/spec/maxUnavailable").asInt()).isZero();
        JsonNode spread = defaults.get("Deployment", "coinpulse-query").at("/spec/template/spec/topologySpreadConstraints");
        assertThat(spread.findValuesAsText("topologyKey")).containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(spread.findValuesAsText("whenUnsatisfiable")).containsExactly("ScheduleAnyway", "ScheduleAnyway");
        assertThat(spread.get(0).at("/labelSelector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo("query");
        assertThat(HelmChart.render("coinpulse", "fit-no-pdb", "query:\n  podDisruptionBudget:\n    enabled: false\n")
                .ofKind("PodDisruptionBudget")).isEmpty();
    }

    @Test
    void probesAndScrapesUseTheManagementPortOnlyScrapersReach() {
        for (String component : List.of("ingest", "query")) {
            JsonNode c = defaults.get("Deployment", "coinpulse-" + component).at("/spec/template/spec/containers/0");
            assertThat(c.at("/ports/1/name").asText()).isEqualTo("management");
            assertThat(c.at("/ports/1/containerPort").asInt()).isEqualTo(9000);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(c.path(probe).at("/httpGet/port").asText()).as(component + " " + probe).isEqualTo("management");
            }
            assertThat(ChartRenderTest.env(defaults, "Deployment", "coinpulse-" + component)).containsEntry("QUARKUS_MANAGEMENT_PORT", "9000");
            ObjectNode sm = fitted.get("ServiceMonitor", "coinpulse-" + component);
            assertThat(sm.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
            assertThat(sm.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
            JsonNode ingress = defaults.get("NetworkPolicy", "coinpulse-" + component).at("/spec/ingress");
            JsonNode management = ManifestChecks.stream(ingress).filter(r -> r.at("/ports/0/port").asInt() == 9000).findFirst().orElseThrow();
            assertThat(management.at("/from/0/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("prometheus");
        }
        // the API port is open to all for query-service, closed on ingest-service (no public API)
        assertThat(defaults.get("NetworkPolicy", "coinpulse-query").at("/spec/ingress/0").toString())
                .isEqualTo("{\"ports\":[{\"port\":8080,\"protocol\":\"TCP\"}]}");
        assertThat(defaults.get("NetworkPolicy", "coinpulse-ingest").at("/spec/ingress").findValuesAsText("port")).containsExactly("9000");
    }

    @Test
    void ingressAndRouteKeepSseStreamsOpen() {
        assertThat(defaults.ofKind("Ingress")).isEmpty();
        assertThat(defaults.ofKind("HTTPRoute")).isEmpty();
        ObjectNode ing = fitted.get("Ingress", "coinpulse-query");
        assertThat(ing.at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-buffering").asText()).isEqualTo("off");
        assertThat(ing.at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-read-timeout").asText()).isEqualTo("7200");
        assertThat(ing.at("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-send-timeout").asText()).isEqualTo("7200");
        assertThat(ing.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
        assertThat(ing.at("/spec/tls/0/secretName").asText()).isEqualTo("coinpulse-tls");
        assertThat(ing.at("/spec/rules/0/host").asText()).isEqualTo("coinpulse.example.com");
        assertThat(ing.at("/spec/rules/0/http/paths/0/backend/service/port/name").asText()).isEqualTo("http");
        ObjectNode route = fitted.get("HTTPRoute", "coinpulse-query");
        assertThat(route.at("/spec/parentRefs/0/name").asText()).isEqualTo("public");
        assertThat(route.at("/spec/rules/0/timeouts/request").asText()).isEqualTo("0s");
        assertThat(route.at("/spec/rules/0/backendRefs/0/port").asInt()).isEqualTo(8080);
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "route-no-parent", "query:\n  httpRoute:\n    enabled: true\n"))
                .hasMessageContaining("query.httpRoute.parentRefs is required");
    }

    @Test
    void extraKafkaUsersOnlyRead() {
        ObjectNode user = fitted.get("KafkaUser", "coinpulse-bi-consumer");
        assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
        assertThat(user.at("/spec/authorization/acls").toString()).isEqualTo("["
                + "{\"operations\":[\"Read\",\"Describe\"],\"resource\":{\"name\":\"crypto.metrics\",\"patternType\":\"literal\",\"type\":\"topic\"}},"
                + "{\"operations\":[\"Read\",\"Describe\"],\"resource\":{\"name\":\"crypto.alerts\",\"patternType\":\"literal\",\"type\":\"topic\"}},"
                + "{\"operations\":[\"Read\",\"Describe\"],\"resource\":{\"name\":\"bi-\",\"patternType\":\"prefix\",\"type\":\"group\"}}]");
        assertThat(fitted.ofKind("KafkaUser")).hasSize(4);
        assertThat(fitted.get("Kafka", "coinpulse").at("/spec/kafka/listeners/0/networkPolicyPeers/3/namespaceSelector/matchLabels")
                .toString()).isEqualTo("{\"kubernetes.io/metadata.name\":\"analytics\"}");
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "user-bad-topic",
                "kafka:\n  extraUsers:\n    - name: x\n      topics: [other]\n      groupPrefix: x-\n")).hasMessageContaining("extraUsers");
    }

    @Test
    void serviceAccountsCarryCloudIdentities() {
        assertThat(fitted.get("ServiceAccount", "coinpulse-query").at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText())
                .isEqualTo("arn:aws:iam::123456789012:role/query");
        assertThat(fitted.get("ServiceAccount", "coinpulse-spark").at("/metadata/annotations/iam.gke.io~1gcp-service-account").asText())
                .isEqualTo("lake@project.iam.gserviceaccount.com");
        assertThat(defaults.get("ServiceAccount", "coinpulse-ingest").at("/metadata").has("annotations")).isFalse();
    }

    @Test
    void sparkPodsWriteOnlyToEmptyDirs() {
        ObjectNode stream = defaults.get("SparkApplication", "coinpulse-spark-stream");
        for (String role : List.of("driver", "executor")) {
            JsonNode pod = stream.at("/spec/" + role);
            assertThat(pod.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(role).isTrue();
            assertThat(pod.path("volumeMounts").findValuesAsText("mountPath"))
                    .contains("/tmp", "/opt/spark/work-dir", "/var/data/spark-local-dir-1");
        }
        assertThat(stream.at("/spec/volumes").findValuesAsText("name")).contains("spark-tmp", "spark-work", "spark-local-dir-1");
        assertThat(ManifestChecks.stream(stream.at("/spec/volumes")).filter(v -> v.path("name").asText().startsWith("spark-"))
                .allMatch(v -> v.has("emptyDir"))).isTrue();
    }

    @Test
    void theGeneratedMysqlSecretIsKeptAcrossUpgrades() throws Exception {
        ObjectNode secret = defaults.get("Secret", "coinpulse-mysql");
        assertThat(secret.at("/metadata/annotations").has(HelmChart.HOOK)).as("a release object, not a hook").isFalse();
        assertThat(secret.at("/metadata/annotations/helm.sh~1resource-policy").asText()).isEqualTo("keep");
        // nothing in the cluster (an install, or GitOps rendering): two renders make two passwords
        String other = ChartRenderTest.decode(HelmChart.render("coinpulse", "fit-again", "").get("Secret", "coinpulse-mysql"), "password");
        assertThat(ChartRenderTest.decode(secret, "password")).isNotEqualTo(other);
        // an upgrade: the Secret the install made is read back and rendered unchanged, inline values notwithstanding
        try {
            FakeKubeApi.putSecret(HelmChart.NAMESPACE, "coinpulse-mysql", java.util.Map.of(
                    "password", "c3RvcmVkLXBhc3N3b3Jk", "root-password", "c3RvcmVkLXJvb3Q="));
            for (String values : List.of("", "mysql:\n  auth:\n    password: changed\n")) {
                ObjectNode upgraded = HelmChart.render("coinpulse", "fit-upgrade", values).get("Secret", "coinpulse-mysql");
                assertThat(ChartRenderTest.decode(upgraded, "password")).isEqualTo("stored-password");
                assertThat(ChartRenderTest.decode(upgraded, "root-password")).isEqualTo("stored-root");
            }
            // another release in the namespace has its own Secret: not found, so generated
            ObjectNode otherRelease = HelmChart.render("other", "fit-other-release", "").get("Secret", "other-coinpulse-mysql");
            assertThat(ChartRenderTest.decode(otherRelease, "password")).matches("[A-Za-z0-9]{32}");
        } finally {
            FakeKubeApi.clear();
        }
    }

    @Test
    void kubeVersionIsStrimzisMinimum() throws Exception {
        JsonNode chart = Manifests.YAML.readTree(Project.chart().resolve("Chart.yaml").toFile());
        assertThat(chart.path("kubeVersion").asText()).isEqualTo(">=1.30.0-0");
    }
}
