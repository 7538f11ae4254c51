package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every panel of the shipped dashboards and every alert rule reads metrics the running components export: the
 * stack replays the sample dataset until its windows are served, then ingest-service's and query-service's
 * {@code /q/metrics} and the Spark driver's {@code /metrics} are scraped and each query's metric names looked up.
 * The dashboards' HTTP API panels call paths the API's OpenAPI document declares.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardMetricsTest {

    private static final Path CHART = PipelineProbe.HOME.resolve("charts/coinpulse");
    private static final Set<String> HISTOGRAM_SUFFIXES = Set.of("_bucket", "_count", "_sum");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Stack stack;
    private PanelQueries queries;

    @BeforeAll
    void startPipeline() throws Exception {
        queries = PanelQueries.read(CHART.resolve("files/dashboards"), CHART.resolve("templates"));
        Path work = PipelineProbe.HOME.resolve("launcher/target/dashboards-" + System.currentTimeMillis());
        stack = Stack.start(new Stack.Options(PipelineProbe.HOME, work, PipelineProbe.sampleReplay("max"), 0, 0, 0),
                m -> System.out.println("[dashboards] " + m));
        List<ExpectedWindows> expected = ExpectedWindows.read(PipelineProbe.SAMPLE_WINDOWS);
        PipelineProbe probe = new PipelineProbe(stack);
        assertThat(probe.awaitWindows(expected, Duration.ofMinutes(5))).as("the sample's windows served").isEmpty();
        // the API panels' requests, so that the HTTP server and cache meters have samples
        for (String path : List.of("/api/v1/assets?limit=1000", "/api/v1/assets?limit=1000", "/api/v1/movers?period=5m&limit=10",
                "/api/v1/alerts?limit=10")) {
            get(stack.queryUrl() + path);
        }
        PipelineProbe.await("the driver's stream metrics", Duration.ofMinutes(1),
                () -> scrapeQuietly(stack.sparkMetricsUrl()).contains("coinpulse_stream_batches_total{"));
    }

    @AfterAll
    void stopPipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyDashboardAndAlertQueryReadsMetricsTheComponentsExport() throws Exception {
        Set<String> exported = new TreeSet<>();
        exported.addAll(names(get(stack.ingestUrl() + "/q/metrics")));
        exported.addAll(names(get(stack.queryManagementUrl() + "/q/metrics")));
        exported.addAll(names(get(stack.sparkMetricsUrl())));
        assertThat(exported).contains("coinpulse_ingest_ticks_published_total", "http_server_requests_seconds",
                "coinpulse_stream_input_rows_per_second", "coinpulse_stream_batches_total");

        assertThat(queries.promql()).as("Prometheus queries of the dashboards and rules").hasSizeGreaterThan(20);
        List<String> missing = new ArrayList<>();
        for (PanelQueries.Query query : queries.promql()) {
            Set<String> names = PanelQueries.metricNames(query.text());
            if (names.isEmpty()) {
                missing.add(query.where() + ": no metric in " + query.text());
            }
            names.stream().filter(n -> !exported.contains(n)).forEach(n -> missing.add(query.where() + ": " + n));
        }
        assertThat(missing).as("panel or alert: metric no running component exports").isEmpty();
    }

    @Test
    void everyApiPanelCallsAPathOfTheOpenApiDocument() throws Exception {
        JsonNode openapi = new ObjectMapper().readTree(get(stack.queryUrl() + "/q/openapi?format=json"));
        List<Pattern> paths = new ArrayList<>();
        openapi.path("paths").fieldNames().forEachRemaining(p -> paths.add(Pattern.compile(
                Pattern.quote(p).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"))));
        assertThat(paths).isNotEmpty();
        assertThat(queries.urls()).as("API panels").hasSizeGreaterThan(10);
        List<String> unknown = new ArrayList<>();
        for (PanelQueries.Query url : queries.urls()) {
            String path = url.text().replaceFirst("^\\$\\{api}", "").replaceFirst("\\?.*$", "");
            if (paths.stream().noneMatch(p -> p.matcher(path).matches())) {
                unknown.add(url.where() + ": " + path);
            }
        }
        assertThat(unknown).as("panel: path the API does not declare").isEmpty();
    }

    /** The metric names of a Prometheus text exposition; a histogram's or summary's series also as its base name. */
    static Set<String> names(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            String name = l.split("[{ ]", 2)[0];
            names.add(name);
            HISTOGRAM_SUFFIXES.stream().filter(name::endsWith)
                    .forEach(s -> names.add(name.substring(0, name.length() - s.length())));
        });
        return names;
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private String scrapeQuietly(String url) {
        try {
            return get(url);
        } catch (Exception | AssertionError e) {
            return "";
        }
    }
}
