package io.coinpulse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The queries of the chart's Grafana dashboards and alert rules: the PromQL of each Prometheus panel target and
 * PrometheusRule expression, and the URL of each Infinity (HTTP API) target, each with where it stands.
 */
final class PanelQueries {

    /** A query and where it stands: dashboard and panel title, or the rule file and alert. */
    record Query(String where, String text) {
    }

    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "by", "without", "rate", "increase",
            "delta", "and", "or", "unless", "on", "ignoring", "absent", "time", "count", "bool");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern EXPR = Pattern.compile("(?m)^\\s*expr:\\s*(.+)$");
    private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert:\\s*(\\S+)");

    private final List<Query> promql = new ArrayList<>();
    private final List<Query> urls = new ArrayList<>();

    /** Every dashboard JSON of {@code dashboards} and every {@code prometheusrule*} template under {@code templates}. */
    static PanelQueries read(Path dashboards, Path templates) throws IOException {
        PanelQueries queries = new PanelQueries();
        ObjectMapper json = new ObjectMapper();
        for (Path file : list(dashboards, "glob:**/*.json")) {
            JsonNode dashboard = json.readTree(file.toFile());
            queries.panels(file.getFileName() + " / ", dashboard.path("panels"));
        }
        for (Path file : list(templates, "glob:**/prometheusrule*")) {
            String yaml = Files.readString(file);
            Matcher expr = EXPR.matcher(yaml);
            while (expr.find()) {
                Matcher alert = ALERT.matcher(yaml.substring(0, expr.start()));
                String name = "?";
                while (alert.find()) {
                    name = alert.group(1);
                }
                // Helm actions ({{ ... }}) are label values and thresholds, never metric names
                queries.promql.add(new Query(file.getFileName() + " / " + name, expr.group(1).replaceAll("\\{\\{.*?}}", " ")));
            }
        }
        return queries;
    }

    List<Query> promql() {
        return promql;
    }

    List<Query> urls() {
        return urls;
    }

    /** The metric names of a PromQL expression: identifiers outside label matchers, ranges and by/on lists. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", " ").replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|on|without|ignoring)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            if (!PROMQL.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    private void panels(String dashboard, JsonNode panels) {
        for (JsonNode panel : panels) {
            String where = dashboard + panel.path("title").asText();
            for (JsonNode target : panel.path("targets")) {
                String type = target.at("/datasource/type").asText(panel.at("/datasource/type").asText());
                if (type.equals("prometheus")) {
                    promql.add(new Query(where, target.path("expr").asText()));
                } else if (target.has("url")) {
                    urls.add(new Query(where, target.path("url").asText()));
                }
            }
            panels(dashboard, panel.path("panels"));
        }
    }

    private static List<Path> list(Path dir, String glob) throws IOException {
        var matcher = dir.getFileSystem().getPathMatcher(glob);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(matcher::matches).sorted().toList();
        }
    }
}
