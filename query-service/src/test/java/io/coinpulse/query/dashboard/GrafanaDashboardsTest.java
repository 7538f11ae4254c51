package io.coinpulse.query.dashboard;

import static io.coinpulse.query.testing.Fixtures.MINUTE;
import static io.coinpulse.query.testing.Fixtures.T0;
import static io.coinpulse.query.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coinpulse.query.testing.KnownAnalyticsTest;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards the Helm chart provisions ({@code charts/coinpulse/files/dashboards/*.json})
 * read this API: every Infinity query names an endpoint of the OpenAPI document with parameters it
 * declares, its root selector and columns name fields of the response schema, and run against the
 * service on known rows it answers 200 with those fields present. Prometheus queries on
 * query-service's own metrics name series /q/metrics exports.
 */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class GrafanaDashboardsTest extends KnownAnalyticsTest {

    static final Path DASHBOARDS = Path.of("..", "charts", "coinpulse", "files", "dashboards");

    private static final String INFINITY = "yesoreyeram-infinity-datasource";
    private static final Pattern QUERY_SERVICE_METRIC =
            Pattern.compile("\\b(coinpulse_query_\\w+|http_server_requests_\\w+|agroal_\\w+|cache_\\w+|kafka_consumer_\\w+)"
                    + "(\\{[^}]*})?");
    private static final Pattern EXACT_LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** Values of the dashboards' variables for running their queries here. */
    private static final Map<String, String> VARIABLES = Map.of(
            "${asset}", "BTC", "${size}", "1m", "${source}", "", "${__from}", Long.toString(T0),
            "${__to}", Long.toString(T0 + 10 * MINUTE));

    @Test
    void theDashboardsAreValidGrafanaJsonWithUniqueIdsAndTheChartsApiPlaceholder() throws IOException {
        Map<String, JsonNode> dashboards = dashboards();
        assertThat(dashboards.keySet()).containsExactly("coinpulse-asset.json", "coinpulse-overview.json",
                "coinpulse-pipeline.json");
        Set<String> uids = new HashSet<>();
        dashboards.forEach((file, d) -> {
            assertThat(d.get("title").asText()).as(file).startsWith("coinpulse");
            assertThat(uids.add(d.get("uid").asText())).as(file + " uid is unique").isTrue();
            assertThat(d.get("schemaVersion").asInt()).as(file).isGreaterThanOrEqualTo(36);
            Set<String> variables = new HashSet<>();
            d.at("/templating/list").forEach(v -> variables.add(v.get("name").asText()));
            assertThat(variables).as(file).contains("datasource", "api");
            JsonNode api = variable(d, "api");
            assertThat(api.get("query").asText()).as("the chart replaces it").isEqualTo("__COINPULSE_API_URL__");
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : d.get("panels")) {
                assertThat(ids.add(panel.get("id").asInt())).as(file + " panel ids are unique").isTrue();
                assertThat(panel.get("gridPos").get("w").asInt()).isBetween(1, 24);
                assertThat(panel.get("title").asText()).isNotBlank();
                if (panel.get("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.get("description").asText()).as(file + " " + panel.get("title")).isNotBlank();
                assertThat(panel.get("targets")).as(file + " " + panel.get("title")).isNotEmpty();
                String uid = panel.at("/datasource/uid").asText();
                assertThat(uid).matches("\\$\\{(datasource|prometheus)}");
                assertThat(variables).contains(uid.substring(2, uid.length() - 1));
            }
        });
    }

    @Test
    void everyInfinityQueryNamesAnEndpointParametersAndFieldsTheApiServes() throws IOException {
        JsonNode openApi = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        int checked = 0;
        for (Map.Entry<String, JsonNode> query : infinityQueries().entrySet()) {
            String where = query.getKey();
            JsonNode target = query.getValue();
            assertThat(target.get("type").asText()).as(where).isEqualTo("json");
            assertThat(target.get("parser").asText()).as(where).isEqualTo("backend");
            String url = target.get("url").asText();
            assertThat(url).as(where).startsWith("${api}/api/v1/");
            String pathAndQuery = url.substring("${api}".length());
            String path = pathAndQuery.split("\\?", 2)[0];
            Map<String, String> params = params(pathAndQuery);

            // the endpoint and its parameters, as the OpenAPI document describes them
            String template = endpoint(openApi, path);
            assertThat(template).as(where + ": " + path + " is an endpoint of the API").isNotNull();
            JsonNode operation = openApi.at("/paths/" + template.replace("/", "~1") + "/get");
            Set<String> declared = new HashSet<>();
            operation.get("parameters").forEach(p -> declared.add(p.get("name").asText()));
            assertThat(declared).as(where + " parameters of " + template).containsAll(params.keySet());

            // the fields, as the response schema describes them
            String root = target.get("root_selector").asText();
            JsonNode schema = resolve(openApi, operation.at("/responses/200/content/application~1json/schema"));
            JsonNode element = root.isEmpty() ? schema : schemaAt(openApi, schema, root);
            assertThat(element).as(where + ": root_selector " + root + " of " + template).isNotNull();
            List<String> columns = new ArrayList<>();
            target.get("columns").forEach(c -> columns.add(c.get("selector").asText()));
            assertThat(columns).as(where).isNotEmpty();
            for (String column : columns) {
                assertThat(element.path("properties").has(column))
                        .as(where + ": column " + column + " is a field of " + template).isTrue();
            }

            // and the service, run with the variables of a real view, serves them
            String concrete = pathAndQuery;
            for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
                concrete = concrete.replace(v.getKey(), v.getValue());
            }
            assertThat(concrete).as(where).doesNotContain("$");
            Response response = given().urlEncodingEnabled(false).get(concrete);
            assertThat(response.statusCode()).as(where + ": GET " + concrete + " " + response.asString()).isEqualTo(200);
            JsonNode data = JSON.readTree(response.asString());
            JsonNode rows = root.isEmpty() ? data : data.at("/" + root.replace(".", "/"));
            List<JsonNode> elements = new ArrayList<>();
            if (rows.isArray()) {
                rows.forEach(elements::add);
            } else {
                elements.add(rows);
            }
            assertThat(elements).as(where + ": GET " + concrete + " has data here").isNotEmpty();
            for (JsonNode e : elements) {
                assertThat(columns).as(where).allMatch(e::has);
            }
            checked++;
        }
        assertThat(checked).as("Infinity queries checked").isGreaterThanOrEqualTo(20);
    }

    @Test
    void everyPrometheusQueryOnQueryServiceMetricsNamesASeriesItExports() throws IOException {
        // make the request and cache series exist
        given().get("/api/v1/assets").then().statusCode(200);
        given().get("/api/v1/assets").then().statusCode(200);
        given().get("/api/v1/assets/BTC").then().statusCode(200);
        given().get("/api/v1/movers").then().statusCode(200);
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> exported = new HashSet<>();
        List<String> series = new ArrayList<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]", 2)[0]);
                series.add(line);
            }
        }
        int checked = 0;
        for (Map.Entry<String, JsonNode> panel : panels("prometheus").entrySet()) {
            for (JsonNode target : panel.getValue().get("targets")) {
                String expr = target.get("expr").asText();
                assertThat(balanced(expr)).as(panel.getKey() + ": " + expr).isTrue();
                Matcher m = QUERY_SERVICE_METRIC.matcher(expr);
                while (m.find()) {
                    String name = m.group(1);
                    assertThat(exported).as(panel.getKey() + ": " + name + " is exported by query-service").contains(name);
                    if (m.group(2) != null) {
                        Matcher label = EXACT_LABEL.matcher(m.group(2));
                        while (label.find()) {
                            String matcher = label.group(1) + "=\"" + label.group(2) + "\"";
                            assertThat(series).as(panel.getKey() + ": a series " + name + " with " + matcher)
                                    .anyMatch(s -> s.startsWith(name + "{") && s.contains(matcher));
                        }
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    // ------------------------------------------------------------------------------------------

    static Map<String, JsonNode> dashboards() throws IOException {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        }
        return dashboards;
    }

    /** Every Infinity query: the panels' targets and the query variables'. */
    private static Map<String, JsonNode> infinityQueries() throws IOException {
        Map<String, JsonNode> queries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> d : dashboards().entrySet()) {
            for (JsonNode panel : d.getValue().get("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.at("/datasource/type").asText().equals(INFINITY)) {
                        queries.put(d.getKey() + " / " + panel.get("title").asText() + " / " + target.get("refId").asText(),
                                target);
                    }
                }
            }
            for (JsonNode v : d.getValue().at("/templating/list")) {
                if (v.at("/query/queryType").asText().equals("infinity")) {
                    queries.put(d.getKey() + " / variable " + v.get("name").asText(), v.at("/query/infinityQuery"));
                }
            }
        }
        return queries;
    }

    private static Map<String, JsonNode> panels(String datasourceType) throws IOException {
        Map<String, JsonNode> panels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> d : dashboards().entrySet()) {
            for (JsonNode panel : d.getValue().get("panels")) {
                if (panel.at("/datasource/type").asText().equals(datasourceType)) {
                    panels.put(d.getKey() + " / " + panel.get("title").asText(), panel);
                }
            }
        }
        return panels;
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode v : dashboard.at("/templating/list")) {
            if (v.get("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no variable " + name);
    }

    /** The OpenAPI path template {@code path} (with Grafana variables in place of path parameters) matches. */
    private static String endpoint(JsonNode openApi, String path) {
        for (Iterator<String> it = openApi.get("paths").fieldNames(); it.hasNext(); ) {
            String template = it.next();
            String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex)) {
                return template;
            }
        }
        return null;
    }

    private static Map<String, String> params(String pathAndQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        String[] parts = pathAndQuery.split("\\?", 2);
        if (parts.length == 2) {
            for (String pair : parts[1].split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length == 2 ? kv[1] : "");
            }
        }
        return params;
    }

    private static JsonNode resolve(JsonNode openApi, JsonNode schema) {
        JsonNode current = schema;
        while (current != null && current.has("$ref")) {
            current = openApi.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    /** The schema of the elements at the dotted {@code selector} below {@code schema} (arrays: their items). */
    private static JsonNode schemaAt(JsonNode openApi, JsonNode schema, String selector) {
        JsonNode current = schema;
        for (String field : selector.split("\\.")) {
            JsonNode next = current.path("properties").get(field);
            if (next == null) {
                return null;
            }
            current = resolve(openApi, next);
            if (current.has("items")) {
                current = resolve(openApi, current.get("items"));
            }
        }
        return current;
    }

    private static boolean balanced(String expr) {
        int depth = 0;
        for (char c : expr.toCharArray()) {
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            }
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}
