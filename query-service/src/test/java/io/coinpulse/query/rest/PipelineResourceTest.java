package io.coinpulse.query.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.service.PipelineService;
import io.coinpulse.query.service.PipelineStatus;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/pipeline on a real MariaDB holding the job's micro-batch records (stream_batches), without
 * an ingest URL configured: the job's rate and delays, the configured sizes, no sources.
 */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class PipelineResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_772_323_800_000L;

    @Inject
    DataSource dataSource;

    @Inject
    PipelineService pipeline;

    @BeforeEach
    void clear() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM stream_batches");
        }
    }

    @Test
    void beforeTheFirstBatchThereIsNoRateAndNoDelay() throws Exception {
        JsonNode body = JSON.readTree(given().get("/api/v1/pipeline").then().statusCode(200)
                .contentType("application/json").extract().asString());
        assertThat(body.get("sizes")).isEqualTo(JSON.readTree("[\"1m\",\"5m\"]"));
        assertThat(body.get("ticksPerSecond").asDouble()).isZero();
        assertThat(body.get("lateLastMinute").asLong()).isZero();
        assertThat(body.get("freshnessMs").isNull()).isTrue();
        assertThat(body.get("lagMs").isNull()).isTrue();
        assertThat(body.get("dlqPerSecond").isNull()).isTrue();
        assertThat(body.get("ingest").asText()).isEqualTo("unconfigured");
        assertThat(body.get("sources")).isEmpty();
    }

    @Test
    void theRateIsTheLastMinutesInputOfThe1mQueryAndTheDelaysComeFromItsLatestBatch() throws Exception {
        // 1m query: two batches in the last minute (3,000 + 1,200 ticks, 7 late), one before it (not counted)
        batch("1m", 1, NOW - 90_000, 500, 5_000, NOW - 95_000, 0);
        batch("1m", 2, NOW - 50_000, 800, 3_000, NOW - 52_000, 7);
        batch("1m", 3, NOW - 4_000, 1_000, 1_200, NOW - 6_500, 0);
        // the 5m query reads the same ticks again: not counted twice
        batch("5m", 1, NOW - 3_000, 900, 1_200, NOW - 6_500, 0);
        PipelineStatus status = pipeline.status(NOW);
        assertThat(status).isEqualTo(new PipelineStatus(NOW, List.of("1m", "5m"), 70.0, 7, 3_000L, 6_500L, null,
                "unconfigured", List.of()));
    }

    private void batch(String size, long id, long startedAt, long durationMs, long rows, long maxEventTime, long late)
            throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO stream_batches"
                + " (query_id, batch_id, query_name, window_size, started_at, duration_ms, input_rows, min_event_time,"
                + " max_event_time, avg_event_time, watermark, cpu_ms, peak_memory_bytes, late_records, rows_written)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, 0)")) {
            s.setString(1, "00000000-0000-0000-0000-00000000000" + size.charAt(0));
            s.setLong(2, id);
            s.setString(3, "window-metrics-" + size);
            s.setString(4, size);
            s.setLong(5, startedAt);
            s.setLong(6, durationMs);
            s.setLong(7, rows);
            s.setLong(8, maxEventTime - 1_000);
            s.setLong(9, maxEventTime);
            s.setLong(10, maxEventTime - 500);
            s.setLong(11, maxEventTime - 30_000);
            s.setLong(12, late);
            s.executeUpdate();
        }
    }
}
