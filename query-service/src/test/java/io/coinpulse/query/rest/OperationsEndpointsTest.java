package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** /q/openapi, /q/health, /q/metrics and the schema Flyway made at start. */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class OperationsEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    @Test
    void openApiDescribesEveryEndpointWithItsParametersAndResponses() throws Exception {
        JsonNode api = JSON.readTree(given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
        JsonNode paths = api.get("paths");
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("/api/v1/assets", "/api/v1/assets/{asset}",
                "/api/v1/assets/{asset}/windows", "/api/v1/assets/{asset}/indicators", "/api/v1/movers", "/api/v1/alerts",
                "/api/v1/stream", "/api/v1/pipeline");
        paths.forEach(path -> {
            JsonNode get = path.get("get");
            assertThat(get.get("summary").asText()).isNotBlank();
            assertThat(get.get("description").asText()).isNotBlank();
            assertThat(get.get("responses").has("401")).as("documents the API key's 401").isTrue();
            get.path("parameters").forEach(p -> {
                assertThat(p.get("description").asText()).as(p.toString()).isNotBlank();
                assertThat(p.has("example")).as(p.get("name") + " has an example").isTrue();
            });
        });

        // the stream's records are the topics' own schemas, as the contracts module holds them (3.1: JSON Schema 2020-12)
        assertThat(api.get("openapi").asText()).startsWith("3.1.");
        for (var record : ContractSchemas.RECORDS.entrySet()) {
            JsonNode file = JSON.readTree(getClass().getClassLoader().getResource(record.getValue()));
            ((com.fasterxml.jackson.databind.node.ObjectNode) file).remove(List.of("$schema", "$id"));
            assertThat(api.at("/components/schemas/" + record.getKey())).as(record.getKey()).isEqualTo(file);
            assertThat(paths.at("/~1api~1v1~1stream/get/description").asText()).contains(record.getKey());
        }
        assertThat(api.at("/components/schemas/WindowUpdateRecord/required").size()).isEqualTo(17);

        JsonNode windows = paths.get("/api/v1/assets/{asset}/windows").get("get");
        assertThat(windows.get("parameters")).extracting(p -> p.get("name").asText())
                .containsExactlyInAnyOrder("asset", "size", "from", "to", "source", "limit");
        assertThat(windows.get("parameters")).allSatisfy(p -> assertThat(p.get("description").asText()).isNotBlank());
        assertThat(windows.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/WindowSeries");
        assertThat(windows.at("/responses/400/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/HttpProblem");
        assertThat(windows.at("/responses/404/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/HttpProblem");
        assertThat(windows.at("/responses/503/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/HttpProblem");

        JsonNode list = paths.get("/api/v1/assets").get("get");
        assertThat(list.get("parameters")).extracting(p -> p.get("name").asText())
                .containsExactlyInAnyOrder("page", "limit", "source");
        assertThat(list.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/AssetPage");
        assertThat(paths.get("/api/v1/assets/{asset}").at("/get/responses/200/content/application~1json/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/AssetDetail");

        JsonNode movers = paths.get("/api/v1/movers").get("get");
        assertThat(movers.get("parameters")).extracting(p -> p.get("name").asText())
                .containsExactlyInAnyOrder("period", "limit");
        assertThat(movers.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/MoverBoard");
        JsonNode alerts = paths.get("/api/v1/alerts").get("get");
        assertThat(alerts.get("parameters")).extracting(p -> p.get("name").asText())
                .containsExactlyInAnyOrder("since", "asset", "kind", "limit");
        assertThat(alerts.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/AlertList");
        assertThat(alerts.at("/responses/400/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/HttpProblem");
        JsonNode stream = paths.get("/api/v1/stream").get("get");
        assertThat(stream.get("parameters")).extracting(p -> p.get("name").asText())
                .containsExactlyInAnyOrder("assets", "sizes", "Last-Event-ID");
        assertThat(stream.at("/responses/200/content").has("text/event-stream")).isTrue();
        assertThat(api.at("/components/securitySchemes/apiKey/type").asText()).isEqualTo("apiKey");
        assertThat(api.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo("X-API-Key");
        assertThat(api.at("/components/securitySchemes/apiKey/in").asText()).isEqualTo("header");
        List<String> listing = new ArrayList<>();
        api.at("/components/schemas/AssetSummary/properties").fieldNames().forEachRemaining(listing::add);
        assertThat(listing).containsExactly("asset", "source", "sources", "price", "pctChange1m", "pctChange5m",
                "pctChange24h", "volumeQuote24h", "windowStart", "lastUpdate");
        for (String schema : List.of("MoverBoard", "Mover", "AlertList", "Alert", "Indicator", "AssetDetail")) {
            JsonNode properties = api.at("/components/schemas/" + schema + "/properties");
            assertThat(properties.size()).as(schema).isPositive();
            properties.forEach(p -> assertThat(p.has("description") || p.has("$ref")).as(schema + " " + p).isTrue());
        }

        JsonNode window = api.at("/components/schemas/WindowMetrics/properties");
        List<String> fields = new ArrayList<>();
        window.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("windowStart", "windowEnd", "open", "high", "low", "close",
                "avgPrice", "vwap", "volumeBase", "volumeQuote", "tickCount", "tradeCount", "priceStddev",
                "pctChange", "final");
        assertThat(api.at("/components/schemas/HttpProblem").isMissingNode()).isFalse();
    }

    @Test
    void readinessIncludesTheDatabase() throws Exception {
        JsonNode ready = JSON.readTree(management().get("/q/health/ready").then().statusCode(200).extract().asString());
        assertThat(ready.get("status").asText()).isEqualTo("UP");
        assertThat(ready.get("checks")).anySatisfy(check -> {
            assertThat(check.get("name").asText()).containsIgnoringCase("database");
            assertThat(check.get("status").asText()).isEqualTo("UP");
        });
    }

    @Test
    void readinessDoesNotDependOnKafkaWhichIsAbsentHere() throws Exception {
        // kafka.bootstrap.servers points where nothing listens (application.properties, %test): the REST API
        // answers and the service is ready; only the live group says the stream has no partitions
        given().get("/api/v1/assets").then().statusCode(200);
        JsonNode ready = JSON.readTree(management().get("/q/health/ready").then().statusCode(200).extract().asString());
        assertThat(ready.get("checks")).noneSatisfy(check ->
                assertThat(check.get("name").asText()).containsIgnoringCase("kafka"));
        JsonNode live = JSON.readTree(management().get("/q/health/group/live").then().statusCode(503).extract().asString());
        assertThat(live.at("/checks/0/name").asText()).isEqualTo("live stream");
        assertThat(live.at("/checks/0/status").asText()).isEqualTo("DOWN");
        management().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void prometheusMetricsCountTheApiRequests() {
        given().get("/api/v1/assets").then().statusCode(200);
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds_count{")
                .contains("uri=\"/api/v1/assets\"")
                .contains("agroal_");
    }

    @Test
    void flywayMigratedTheSchemaAtStart() throws Exception {
        List<String> versions = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        // the schema module's migrations (coinpulse-schema, classpath db/migration), found in its jar:
        // V1-V9 query-service's tables, V10-V29 spark-app's (docs/CONTRACTS.md)
        assertThat(versions.stream().filter(v -> Integer.parseInt(v) < 10)).containsExactly("1", "2", "3", "4");
        assertThat(versions).startsWith("1", "2", "3", "4", "10", "11", "12", "13", "14", "15", "16", "17");
        assertThat(versions).allSatisfy(v -> assertThat(Integer.parseInt(v)).isBetween(1, 29));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW INDEX FROM window_metrics WHERE Key_name = 'ix_window_metrics_asset_source'")) {
            List<String> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString("Column_name"));
            }
            assertThat(columns).containsExactly("asset", "source", "window_size", "window_start");
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW INDEX FROM window_indicators WHERE Key_name = 'ix_window_indicators_time'")) {
            List<String> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString("Column_name"));
            }
            assertThat(columns).containsExactly("window_start", "change_5m");
        }
    }
}
