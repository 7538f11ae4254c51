package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Metrics on, alerts on metrics that exist, and a helm test that fails when no data flows. */
class ObservabilityTest {

    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "by", "without", "rate", "increase",
            "delta", "and", "or", "unless", "on", "ignoring", "absent", "time", "count");

    @Test
    void sparkStreamingMetricsAndTheKafkaExporterAreOn() {
        Manifests m = HelmChart.render("coinpulse", "obs-defaults", "metrics:\n  podMonitor:\n    enabled: true\n");
        for (ObjectNode app : m.select(o -> Manifests.apiVersion(o).startsWith("sparkoperator.k8s.io/"))) {
            JsonNode spec = Manifests.kind(app).equals("SparkApplication") ? app.path("spec") : app.at("/spec/template");
            assertThat(spec.at("/sparkConf/spark.sql.streaming.metricsEnabled").asText()).as(Manifests.id(app)).isEqualTo("true");
            assertThat(spec.at("/monitoring/exposeDriverMetrics").asBoolean()).isTrue();
            assertThat(spec.at("/driver/ports/0/name").asText()).as(Manifests.id(app)).isEqualTo("stream-metrics");
            assertThat(spec.at("/driver/ports/0/containerPort").asInt()).isEqualTo(9091);
            assertThat(spec.at("/driver/env").findValuesAsText("value")).contains("9091");
        }
        assertThat(m.get("PodMonitor", "coinpulse-spark").at("/spec/podMetricsEndpoints").findValuesAsText("port"))
                .containsExactly("jmx-exporter", "stream-metrics");
        assertThat(m.get("NetworkPolicy", "coinpulse-spark").at("/spec/ingress/1/ports").findValuesAsText("port"))
                .contains("9091");
        ObjectNode kafka = m.get("Kafka", "coinpulse");
        assertThat(kafka.at("/spec/kafkaExporter/topicRegex").asText()).isEqualTo("crypto\\..*");
        assertThat(kafka.at("/spec/kafkaExporter/groupRegex").asText()).isEqualTo(".*");
        ObjectNode exporter = m.get("PodMonitor", "coinpulse-kafka-exporter");
        assertThat(exporter.at("/spec/selector/matchLabels/strimzi.io~1name").asText()).isEqualTo("coinpulse-kafka-exporter");
        ManifestChecks.verify(m, new ManifestChecks.Expect(3, 3, 2, Set.of()));
        assertThat(HelmChart.render("coinpulse", "obs-no-exporter", "kafka:\n  exporter:\n    enabled: false\n")
                .get("Kafka", "coinpulse").at("/spec").has("kafkaExporter")).isFalse();
    }

    @Test
    void everyAlertReadsMetricsTheComponentsExport() {
        assertThat(HelmChart.render("coinpulse", "obs-no-rule", "").ofKind("PrometheusRule")).isEmpty();
        Manifests m = HelmChart.render("coinpulse", "obs-rule", """
                metrics:
                  prometheusRule:
                    enabled: true
                    labels:
                      release: kube-prometheus-stack
                    sourceDownMinutes: 7
                    lagRecords: 5000
                """);
        ManifestChecks.verify(m, new ManifestChecks.Expect(3, 3, 2, Set.of()));
        ObjectNode rule = m.get("PrometheusRule", "coinpulse");
        assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        Map<String, String> alerts = new LinkedHashMap<>();
        rule.at("/spec/groups").forEach(g -> g.path("rules").forEach(r -> alerts.put(r.path("alert").asText(), r.path("expr").asText())));
        assertThat(alerts).containsOnlyKeys("CoinpulseStreamStalled", "CoinpulseStreamLagging", "CoinpulseDataStale",
                "CoinpulseDlqRate", "CoinpulseSourceDown", "CoinpulseApi5xx", "CoinpulseDatabaseUnreachable");
        assertThat(alerts.get("CoinpulseSourceDown"))
                .isEqualTo("max by (source) (coinpulse_ingest_last_event_age_seconds{namespace=\"coinpulse\"}) > 420");
        assertThat(alerts.get("CoinpulseStreamLagging")).isEqualTo("sum(coinpulse_stream_input_lag_records{namespace=\"coinpulse\"}) > 5000");
        assertThat(alerts.get("CoinpulseDataStale")).isEqualTo("max(coinpulse_stream_freshness_seconds{namespace=\"coinpulse\"}) > 300");
        assertThat(alerts.get("CoinpulseApi5xx")).contains("service=\"coinpulse-query\", status=~\"5..\"").endsWith("> 0.05");
        Set<String> exported = ExportedMetrics.all();
        assertThat(exported).contains("coinpulse_ingest_ticks_rejected_total", "coinpulse_ingest_last_event_age_seconds",
                "coinpulse_query_stream_clients", "coinpulse_stream_batches_total", "coinpulse_stream_input_rows_per_second");
        List<String> unknown = new ArrayList<>();
        alerts.forEach((name, expr) -> metricNames(expr).stream().filter(n -> !exported.contains(n))
                .forEach(n -> unknown.add(name + ": " + n)));
        assertThat(unknown).as("metrics no component exports").isEmpty();
        assertThat(alerts.values()).allSatisfy(expr -> assertThat(metricNames(expr)).isNotEmpty());
    }

    @Test
    void theInfinityDataSourceIsProvisionedWithTheApiKeyHeader() throws Exception {
        JsonNode open = datasource(HelmChart.render("coinpulse", "obs-ds-open", ""));
        assertThat(open.path("type").asText()).isEqualTo("yesoreyeram-infinity-datasource");
        assertThat(open.path("uid").asText()).isEqualTo("coinpulse-api");
        assertThat(open.at("/jsonData/allowedHosts/0").asText()).isEqualTo("http://coinpulse-query.coinpulse.svc:8080");
        assertThat(open.has("secureJsonData")).as("an open API needs no key").isFalse();
        JsonNode keyed = datasource(HelmChart.render("coinpulse", "obs-ds-keyed", "query:\n  apiKeys:\n    existingSecret: api\n"));
        assertThat(keyed.at("/jsonData/httpHeaderName1").asText()).isEqualTo("X-API-Key");
        assertThat(keyed.at("/secureJsonData/httpHeaderValue1").asText()).isEqualTo("${COINPULSE_API_KEY}");
        assertThat(HelmChart.render("coinpulse", "obs-ds-off", "dashboards:\n  datasource:\n    enabled: false\n")
                .find("ConfigMap", "coinpulse-datasource")).isEmpty();
    }

    private static JsonNode datasource(Manifests m) throws IOException {
        ObjectNode cm = m.get("ConfigMap", "coinpulse-datasource");
        assertThat(cm.at("/metadata/labels/grafana_datasource").asText()).isEqualTo("1");
        JsonNode file = Manifests.YAML.readTree(cm.at("/data/coinpulse-datasource.yaml").asText());
        assertThat(file.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(file.path("datasources")).hasSize(1);
        return file.at("/datasources/0");
    }

    /** The metric names of a PromQL expression: identifiers outside label matchers, ranges and by/on lists. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|on|without|ignoring)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*").matcher(bare);
        while (m.find()) {
            if (!PROMQL.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The rendered helm test script, run by sh against an API that answers as given. */
    @Test
    void helmTestPassesOnlyWhenAFreshWindowIsServed() throws Exception {
        long now = System.currentTimeMillis();
        assertThat(runHelmTest("{\"assets\":[],\"page\":0}")).startsWith("1 ").contains("no data flows: the API lists no asset with a window");
        assertThat(runHelmTest(asset("BTC", now - 600_000) + asset("ETH", now - 400_000)))
                .startsWith("1 ").containsPattern("no data flows: the newest window was written 4[0-9]{2}s ago \\(more than 180s\\)");
        assertThat(runHelmTest(asset("BTC", now - 600_000) + asset("ETH", now - 20_000)))
                .startsWith("0 ").containsPattern("data flows: the newest window at http://127\\.0\\.0\\.1:\\d+ was written (19|2[0-9])s ago");
        assertThat(runHelmTest("not json")).startsWith("1 ").contains("no data flows");
    }

    private static String asset(String asset, long lastUpdate) {
        return "{\"asset\":\"" + asset + "\",\"source\":\"binance\",\"price\":1.0,\"windowStart\":" + (lastUpdate - 60_000)
                + ",\"lastUpdate\":" + lastUpdate + "},";
    }

    /** Exit code, a space, and stdout+stderr of the script against a local server returning body on /api/v1/assets. */
    private static String runHelmTest(String body) throws IOException, InterruptedException {
        Manifests m = HelmChart.render("coinpulse", "obs-helm-test", "tests:\n  waitSeconds: 0\n");
        String script = m.get("Pod", "coinpulse-test-api").at("/spec/containers/0/args/0").asText();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> paths = new ArrayList<>();
        server.createContext("/", ex -> {
            paths.add(ex.getRequestURI().getPath());
            byte[] bytes = body.startsWith("{\"asset\"") ? ("{\"assets\":[" + body.substring(0, body.length() - 1) + "],\"page\":0}")
                    .getBytes(StandardCharsets.UTF_8) : body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        try {
            String local = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(script).contains("api=http://coinpulse-query.coinpulse.svc:8080\n");
            Process sh = new ProcessBuilder("sh", "-ec", script.replace("http://coinpulse-query.coinpulse.svc:8080", local))
                    .redirectErrorStream(true).start();
            String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(paths).containsOnly("/api/v1/assets");
            return sh.exitValue() + " " + out;
        } finally {
            server.stop(0);
        }
    }
}
