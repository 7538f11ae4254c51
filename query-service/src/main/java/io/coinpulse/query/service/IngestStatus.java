package io.coinpulse.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.config.QueryConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each ingest source's state, read from ingest-service's source health group
 * ({@code <coinpulse.ingest-url>/q/health/group/sources}, on its management interface: a check named
 * {@code "<source> source"} per source, with its state, detail and counters). Ingest answers 503 with the same
 * body while a source is down, so any status with a health document is read.
 */
@ApplicationScoped
public class IngestStatus {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String SUFFIX = " source";

    private final Optional<URI> readiness;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public IngestStatus(QueryConfig config, ObjectMapper json) {
        this.readiness = config.ingestUrl().map(u -> URI.create(u.replaceAll("/+$", "") + "/q/health/group/sources"));
        this.json = json;
    }

    /** Whether an ingest URL is configured. */
    public boolean configured() {
        return readiness.isPresent();
    }

    /** The sources ingest reports, in its order; empty when it is not configured or does not answer. */
    public Optional<List<PipelineStatus.Source>> sources() {
        if (readiness.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(readiness.get()).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode checks = json.readTree(response.body()).path("checks");
            List<PipelineStatus.Source> out = new ArrayList<>();
            for (JsonNode check : checks) {
                String name = check.path("name").asText();
                if (name.endsWith(SUFFIX)) {
                    JsonNode data = check.path("data");
                    out.add(new PipelineStatus.Source(name.substring(0, name.length() - SUFFIX.length()),
                            data.path("state").asText(check.path("status").asText().toLowerCase()), data.path("detail").asText(""),
                            data.path("published").asLong(), data.path("rejected").asLong()));
                }
            }
            return Optional.of(out);
        } catch (IOException e) {
            Log.debugf("ingest status at %s: %s", readiness.get(), e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
