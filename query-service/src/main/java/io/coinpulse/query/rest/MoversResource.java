package io.coinpulse.query.rest;

import io.coinpulse.query.config.QueryConfig;
import io.coinpulse.query.service.HotReads;
import io.coinpulse.query.service.MoverBoard;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/movers}: the top gainers and losers spark-app ranks (SPEC §4, §6). */
@Path("/api/v1/movers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analytics", description = "Derived analytics: movers and anomaly alerts")
public class MoversResource {

    private final HotReads hotReads;
    private final HttpCaching caching;
    private final QueryConfig config;

    public MoversResource(HotReads hotReads, HttpCaching caching, QueryConfig config) {
        this.hotReads = hotReads;
        this.caching = caching;
        this.config = config;
    }

    @GET
    @Operation(summary = "Top gainers and losers over a period",
            description = "The latest ranking spark-app wrote for the period (as of a 1m window boundary): up to `limit`"
                    + " gainers, biggest rise first, and as many losers, biggest fall first. Before the first ranking"
                    + " `asOf` is null and both lists are empty. Cached for coinpulse.api.cache.max-age, less when a"
                    + " 1m window update arrives on the live stream; ETag and If-None-Match supported.")
    @APIResponse(responseCode = "200", description = "The ranking",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MoverBoard.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "400", description = "A period that is not computed, or a bad limit")
    @APIResponse(responseCode = "401", description = "API keys are configured and the request has no valid X-API-Key")
    @APIResponse(responseCode = "503", description = "The database did not answer; retry after Retry-After seconds")
    public Response movers(@Context Request request,
            @Parameter(description = "Period the moves are measured over, one of coinpulse.api.movers.periods",
                    example = "5m", schema = @Schema(type = SchemaType.STRING, defaultValue = "5m"))
            @QueryParam("period") String period,
            @Parameter(description = "Gainers and losers each: default 5, at most 50 (coinpulse.api.movers.default-limit,"
                    + " .max-limit)", example = "5",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", defaultValue = "5"))
            @QueryParam("limit") String limit) {
        String chosen = RequestParameters.oneOf("period", period, config.api().movers().periods(),
                config.api().movers().periods().get(0));
        int max = RequestParameters.limit("limit", limit, config.api().movers().defaultLimit(),
                config.api().movers().maxLimit());
        return caching.ok(request, hotReads.movers(chosen, max), caching.hot());
    }
}
