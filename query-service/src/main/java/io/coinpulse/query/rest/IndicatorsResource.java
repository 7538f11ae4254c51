package io.coinpulse.query.rest;

import io.coinpulse.query.config.QueryConfig;
import io.coinpulse.query.service.AnalyticsService;
import io.coinpulse.query.service.IndicatorSeries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/assets/{asset}/indicators}: the derived indicators over time, for the dashboard's lines. */
@Path("/api/v1/assets/{asset}/indicators")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analytics", description = "Derived analytics: movers and anomaly alerts")
public class IndicatorsResource {

    private final AnalyticsService analytics;
    private final HttpCaching caching;
    private final QueryConfig config;

    public IndicatorsResource(AnalyticsService analytics, HttpCaching caching, QueryConfig config) {
        this.analytics = analytics;
        this.caching = caching;
        this.config = config;
    }

    @GET
    @Operation(summary = "The derived indicators of one asset's 1m windows, oldest first",
            description = "Every indicator spark-app computes (moving averages, 1m/5m change, volatility) per 1m window"
                    + " with `from` <= windowStart < `to`, the first `limit` of them. Bounds, limits and source resolution"
                    + " as for GET /api/v1/assets/{asset}/windows.")
    @APIResponse(responseCode = "200", description = "The indicators, oldest window first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IndicatorSeries.class)))
    @APIResponse(responseCode = "400", description = "Bad limit, date or range; or several sources and none chosen")
    @APIResponse(responseCode = "401", description = "API keys are configured and the request has no valid X-API-Key")
    @APIResponse(responseCode = "404", description = "Unknown asset, or no data for it from the requested source")
    public Response indicators(@Context Request request,
            @Parameter(description = "Asset symbol (case-insensitive)", example = "BTC") @PathParam("asset") String asset,
            @Parameter(description = "Inclusive lower bound on windowStart: ISO-8601 or epoch milliseconds",
                    example = "2026-03-01T00:00:00Z", schema = @Schema(type = SchemaType.STRING)) @QueryParam("from") String from,
            @Parameter(description = "Exclusive upper bound on windowStart, same formats as from", example = "1772323560000",
                    schema = @Schema(type = SchemaType.STRING)) @QueryParam("to") String to,
            @Parameter(description = "Source to serve", example = "binance") @QueryParam("source") String source,
            @Parameter(description = "Most windows to return: default 1000, at most 10000", example = "1000",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @QueryParam("limit") String limit) {
        String symbol = RequestParameters.asset(asset);
        OptionalLong fromMs = RequestParameters.instant("from", from);
        OptionalLong toMs = RequestParameters.instant("to", to);
        RequestParameters.range(fromMs, toMs, config.api().windows().maxRange());
        int max = RequestParameters.limit("limit", limit, config.api().windows().defaultLimit(),
                config.api().windows().maxLimit());
        return caching.ok(request, analytics.indicators(symbol, RequestParameters.source(source), fromMs, toMs, max),
                caching.hot());
    }
}
