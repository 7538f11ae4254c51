package io.coinpulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chart as a package: lint, values documentation and schema, hooks, dashboards. */
class ChartTest {

    @Test
    void lintIsClean() {
        LintResult lint = HelmChart.lint();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).as("helm lint --strict messages")
                .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    /**
     * helm-docs style: every leaf value has a "# --" line right above it; a documented block (e.g.
     * resources) documents what is inside it; a plain grouping block needs no line of its own.
     */
    @Test
    void everyValueIsDocumented() throws IOException {
        List<String> lines = Files.readAllLines(Project.chart().resolve("values.yaml"));
        List<String> undocumented = new ArrayList<>();
        Pattern key = Pattern.compile("^(\\s*)([A-Za-z0-9_.\\-]+):(.*)$");
        java.util.Deque<int[]> documentedBlocks = new java.util.ArrayDeque<>(); // indentation of documented ancestors
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = key.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            while (!documentedBlocks.isEmpty() && documentedBlocks.peek()[0] >= indent) {
                documentedBlocks.pop();
            }
            boolean documented = i > 0 && lines.get(i - 1).trim().startsWith("# -- ");
            String next = "";
            for (int j = i + 1; j < lines.size(); j++) {
                if (!lines.get(j).isBlank() && !lines.get(j).trim().startsWith("#")) {
                    next = lines.get(j);
                    break;
                }
            }
            boolean block = m.group(3).isBlank() && leadingSpaces(next) > indent && !next.trim().startsWith("- ");
            if (block) {
                if (documented) {
                    documentedBlocks.push(new int[] {indent});
                }
            } else if (!documented && documentedBlocks.isEmpty()) {
                undocumented.add((i + 1) + ": " + lines.get(i).trim());
            }
        }
        assertThat(undocumented).as("values without a '# --' description").isEmpty();
    }

    private static int leadingSpaces(String line) {
        return line.length() - line.stripLeading().length();
    }

    @Test
    void schemaClosesEveryBlock() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Project.chart().resolve("values.schema.json").toFile());
        List<String> open = new ArrayList<>();
        walkSchema(schema, "", open);
        assertThat(open).as("object blocks of values.schema.json without additionalProperties").isEmpty();
        assertThat(schema.at("/properties/spark/properties/stream/properties/restartPolicy/properties/type/enum"))
                .extracting(JsonNode::asText).containsExactly("Always", "OnFailure", "Never");
        assertThat(schema.at("/properties/kafka/properties/external/properties/securityProtocol/enum"))
                .extracting(JsonNode::asText).containsExactly("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    }

    private static void walkSchema(JsonNode node, String path, List<String> open) {
        if (node.path("type").asText().equals("object") && node.has("properties") && !node.has("additionalProperties")) {
            open.add(path.isEmpty() ? "(root)" : path);
        }
        node.path("properties").fields().forEachRemaining(e -> walkSchema(e.getValue(), path + "." + e.getKey(), open));
    }

    @Test
    void schemaRejectsUnknownKeysAndBadValues() {
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "typo", "kafka:\n  replica: 3\n"))
                .hasMessageContaining("replica");
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "bad-enum", "spark:\n  stream:\n    restartPolicy:\n      type: Sometimes\n"))
                .hasMessageContaining("/spark/stream/restartPolicy/type").hasMessageContaining("value must be one of");
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "root-user", "podSecurityContext:\n  runAsNonRoot: false\n"))
                .hasMessageContaining("runAsNonRoot");
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "bad-lake", "spark:\n  lakePath: /tmp/lake\n"))
                .hasMessageContaining("lakePath");
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "bad-source", "ingest:\n  sources: binance,nyse\n"))
                .hasMessageContaining("sources");
    }

    @Test
    void requiredSettingsOfTheCombinationsAreEnforced() {
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "no-bootstrap", "kafka:\n  enabled: false\n"))
                .hasMessageContaining("kafka.external.bootstrapServers is required");
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "no-db-secret",
                "mysql:\n  enabled: false\nexternalDatabase:\n  url: jdbc:mysql://db:3306/coinpulse\n"))
                .hasMessageContaining("externalDatabase.existingSecret is required");
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "no-range", "spark:\n  backfill:\n    enabled: true\n"))
                .hasMessageContaining("spark.backfill.from is required");
        assertThatThrownBy(() -> HelmChart.render("coinpulse", "sasl-no-secret",
                "kafka:\n  enabled: false\n  external:\n    bootstrapServers: k:9093\n    securityProtocol: SASL_SSL\n"))
                .hasMessageContaining("kafka.external.existingSecret is required");
    }

    @Test
    void theOnlyHookIsTheApiTest() {
        Manifests m = HelmChart.render("coinpulse", "hooks", "");
        assertThat(m.select(o -> o.path("metadata").path("annotations").has(HelmChart.HOOK)))
                .extracting(o -> Manifests.id(o) + " " + o.at("/metadata/annotations").path(HelmChart.HOOK).asText())
                .containsExactly("Pod/coinpulse-test-api test");
        // with an existing Secret nothing is generated
        Manifests existing = HelmChart.render("coinpulse", "hooks-existing", "mysql:\n  auth:\n    existingSecret: db\n");
        assertThat(existing.ofKind("Secret")).isEmpty();
        // an inline password is used as given
        Manifests inline = HelmChart.render("coinpulse", "hooks-inline", "mysql:\n  auth:\n    password: s3cr3t-given\n");
        assertThat(ChartRenderTest.decode(inline.get("Secret", "coinpulse-mysql"), "password")).isEqualTo("s3cr3t-given");
    }

    @Test
    void dashboardsAreLabelledConfigMapsOfValidJsonReadingTheApi() throws IOException {
        Manifests m = HelmChart.render("coinpulse", "dashboards", "");
        List<ObjectNode> maps = m.select(o -> Manifests.kind(o).equals("ConfigMap")
                && o.at("/metadata/labels/grafana_dashboard").asText().equals("1"));
        long files;
        try (var list = Files.list(Project.chart().resolve("files/dashboards"))) {
            files = list.filter(f -> f.toString().endsWith(".json")).count();
        }
        assertThat(maps).hasSize((int) files).isNotEmpty();
        for (ObjectNode cm : maps) {
            cm.path("data").fields().forEachRemaining(e -> {
                assertThat(e.getKey()).endsWith(".json");
                JsonNode dashboard;
                try {
                    dashboard = new ObjectMapper().readTree(e.getValue().asText());
                } catch (IOException ex) {
                    throw new AssertionError(e.getKey() + " is not JSON", ex);
                }
                assertThat(dashboard.path("title").asText()).isNotBlank();
                assertThat(dashboard.path("panels").isArray()).isTrue();
                assertThat(e.getValue().asText()).doesNotContain("__COINPULSE_API_URL__");
            });
        }
        String overview = m.get("ConfigMap", "coinpulse-dashboard-coinpulse-overview").path("data").path("coinpulse-overview.json").asText();
        assertThat(overview).contains("http://coinpulse-query.coinpulse.svc:8080").contains("yesoreyeram-infinity-datasource")
                .contains("/api/v1/assets");
    }
}
