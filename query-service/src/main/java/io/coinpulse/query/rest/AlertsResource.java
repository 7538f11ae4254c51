package io.coinpulse.query.rest;

import io.coinpulse.query.config.QueryConfig;
import io.coinpulse.query.service.AlertList;
import io.coinpulse.query.service.AnalyticsService;
import io.coinpulse.query.store.Alert;
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

/** {@code GET /api/v1/alerts}: recent anomaly alerts (SPEC §4, §6). */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "analytics", description = "Derived analytics: movers and anomaly alerts")
public class AlertsResource {

    private final AnalyticsService analytics;
    private final HttpCaching caching;
    private final QueryConfig config;

    public AlertsResource(AnalyticsService analytics, HttpCaching caching, QueryConfig config) {
        this.analytics = analytics;
        this.caching = caching;
        this.config = config;
    }

    @GET
    @Operation(summary = "Recent anomaly alerts, newest first",
            description = "Alerts spark-app detected at or after `since` (all when absent), of one asset and one kind"
                    + " when given: the newest `limit` of them, newest first. New alerts also arrive on"
                    + " GET /api/v1/stream as `alert` events.")
    @APIResponse(responseCode = "200", description = "The alerts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertList.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "400", description = "Bad since, asset, kind or limit")
    @APIResponse(responseCode = "401", description = "API keys are configured and the request has no valid X-API-Key")
    @APIResponse(responseCode = "404", description = "The asset has no data at all")
    @APIResponse(responseCode = "503", description = "The database did not answer; retry after Retry-After seconds")
    public Response alerts(@Context Request request,
            @Parameter(description = "Alerts detected at or after this instant: ISO-8601 (2026-03-01T00:00:00Z,"
                    + " 2026-03-01) or epoch milliseconds", example = "2026-03-01T00:00:00Z",
                    schema = @Schema(type = SchemaType.STRING))
            @QueryParam("since") String since,
            @Parameter(description = "Only alerts of this asset (case-insensitive)", example = "BTC")
            @QueryParam("asset") String asset,
            @Parameter(description = "Only alerts of this kind", example = "price_move",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"price_move", "volume_spike"}))
            @QueryParam("kind") String kind,
            @Parameter(description = "Most alerts to return: default 100, at most 1000 (coinpulse.api.alerts.default-limit,"
                    + " .max-limit)", example = "100",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", defaultValue = "100"))
            @QueryParam("limit") String limit) {
        AlertList alerts = analytics.alerts(RequestParameters.instant("since", since),
                RequestParameters.optionalAsset(asset), RequestParameters.optionalOneOf("kind", kind, Alert.KINDS),
                RequestParameters.limit("limit", limit, config.api().alerts().defaultLimit(),
                        config.api().alerts().maxLimit()));
        return caching.ok(request, alerts, caching.hot());
    }
}
