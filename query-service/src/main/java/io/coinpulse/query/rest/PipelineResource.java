package io.coinpulse.query.rest;

import io.coinpulse.query.service.PipelineService;
import io.coinpulse.query.service.PipelineStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/pipeline}: what the dashboard's pipeline strip shows. */
@Path("/api/v1/pipeline")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pipeline", description = "How the pipeline is doing")
public class PipelineResource {

    private final PipelineService pipeline;

    public PipelineResource(PipelineService pipeline) {
        this.pipeline = pipeline;
    }

    @GET
    @Operation(summary = "The pipeline's throughput, delays and sources",
            description = "Ticks per second the Spark job read over the last minute, the age of its latest micro-batch"
                    + " (freshness) and of the newest event time it read (lag), the dead-letter rate and each ingest source's"
                    + " state (read from ingest-service's source health group at coinpulse.ingest-url). Never cached.")
    @APIResponse(responseCode = "200", description = "The status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PipelineStatus.class)))
    @APIResponse(responseCode = "401", description = "API keys are configured and the request has no valid X-API-Key")
    @APIResponse(responseCode = "503", description = "The database did not answer; retry after Retry-After seconds")
    public PipelineStatus status() {
        return pipeline.status(System.currentTimeMillis());
    }
}
