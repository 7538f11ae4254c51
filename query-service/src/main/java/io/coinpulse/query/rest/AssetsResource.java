package io.coinpulse.query.rest;

import io.coinpulse.query.config.QueryConfig;
import io.coinpulse.query.service.AssetDetail;
import io.coinpulse.query.service.AssetPage;
import io.coinpulse.query.service.AssetService;
import io.coinpulse.query.service.HotReads;
import io.coinpulse.query.service.Problems;
import io.coinpulse.query.service.WindowSeries;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The assets of SPEC §6: the price listing, one asset's latest state, its window time series. */
@Path("/api/v1/assets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "assets", description = "Assets, their latest prices and their window metrics")
public class AssetsResource {

    /** Pages beyond this are refused: nobody pages through a billion assets. */
    static final long MAX_PAGE = 1_000_000;

    private final AssetService assets;
    private final HotReads hotReads;
    private final HttpCaching caching;
    private final QueryConfig config;

    public AssetsResource(AssetService assets, HotReads hotReads, HttpCaching caching, QueryConfig config) {
        this.assets = assets;
        this.hotReads = hotReads;
        this.caching = caching;
        this.config = config;
    }

    @GET
    @Operation(summary = "Every asset with its latest price, 1m/5m/24 h change and 24 h volume, paged",
            description = "Assets that have 1m windows, sorted by symbol. The price is the close of the asset's latest"
                    + " 1m window; the 1m and 5m changes compare it with the closes of the 1m windows starting 1 and 5"
                    + " minutes before (null when that window is missing); the 24 h change with the close of the latest"
                    + " 1m window that starts 24 h (up to 25 h) before, null when there is no data that old. The volume"
                    + " sums the quote volume of the 1m windows of the 24 h up to the latest. Paging: `page` counts"
                    + " from 0, `limit` is the page size. Cached for coinpulse.api.cache.max-age, less when a window"
                    + " update arrives on the live stream; ETag and If-None-Match supported.")
    @APIResponse(responseCode = "200", description = "One page of assets",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssetPage.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "400", description = "Bad page, limit or source")
    @APIResponse(responseCode = "401", description = "API keys are configured and the request has no valid X-API-Key")
    @APIResponse(responseCode = "503", description = "The database did not answer; retry after Retry-After seconds")
    public Response list(@Context Request request,
            @Parameter(description = "Page number, counted from 0", example = "0",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "1000000", defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "Assets per page: default 100, at most 1000 (coinpulse.api.assets.default-limit,"
                    + " .max-limit)", example = "100",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", defaultValue = "100"))
            @QueryParam("limit") String limit,
            @Parameter(description = "List only assets of this source and price them from it", example = "binance")
            @QueryParam("source") String source) {
        long pageNumber = RequestParameters.page(page, MAX_PAGE);
        int pageSize = RequestParameters.limit("limit", limit, config.api().assets().defaultLimit(),
                config.api().assets().maxLimit());
        return caching.ok(request, hotReads.assets(pageNumber, pageSize, RequestParameters.source(source)),
                caching.hot());
    }

    @GET
    @Path("/{asset}")
    @Operation(summary = "The latest window metrics and derived analytics of one asset",
            description = "The latest window of every configured window size (coinpulse.windows) that has data, and"
                    + " the latest value of every indicator spark-app computes (moving averages, 1m/5m change,"
                    + " volatility). Without `source`: the primary source (coinpulse.primary-source) when it has data"
                    + " for the asset, else the only source with data; 400 when several have. Cached like the"
                    + " listing, invalidated by every window update of the asset.")
    @APIResponse(responseCode = "200", description = "The asset's latest windows and indicators",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssetDetail.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "400", description = "Malformed asset or source, or several sources and none chosen")
    @APIResponse(responseCode = "401", description = "API keys are configured and the request has no valid X-API-Key")
    @APIResponse(responseCode = "404", description = "Unknown asset, or no data for it from the requested source")
    @APIResponse(responseCode = "503", description = "The database did not answer; retry after Retry-After seconds")
    public Response detail(@Context Request request,
            @Parameter(description = "Asset symbol (case-insensitive)", example = "BTC")
            @PathParam("asset") String asset,
            @Parameter(description = "Source to serve; see the operation's description", example = "binance")
            @QueryParam("source") String source) {
        return caching.ok(request, hotReads.detail(RequestParameters.asset(asset), RequestParameters.source(source)),
                caching.hot());
    }

    @GET
    @Path("/{asset}/windows")
    @Operation(summary = "The window metrics time series of one asset, oldest first",
            description = "Windows of one size with `from` <= windowStart < `to`. With `from`: the first `limit`"
                    + " windows from `from` on (page on with from = last windowStart + size); without `from`: the latest"
                    + " `limit` windows before `to` (without `to`: the latest of all). Times are ISO-8601 or epoch"
                    + " milliseconds. Source resolution as for GET /api/v1/assets/{asset}. A series with a `to` in the"
                    + " past whose every window is final never changes: it may be cached for"
                    + " coinpulse.api.cache.final-max-age; others for coinpulse.api.cache.max-age.")
    @APIResponse(responseCode = "200", description = "The windows, oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WindowSeries.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @APIResponse(responseCode = "400", description = "Bad size, limit, date or range; or several sources and none chosen")
    @APIResponse(responseCode = "401", description = "API keys are configured and the request has no valid X-API-Key")
    @APIResponse(responseCode = "404", description = "Unknown asset, or no data for it from the requested source")
    @APIResponse(responseCode = "503", description = "The database did not answer; retry after Retry-After seconds")
    public Response windows(@Context Request request,
            @Parameter(description = "Asset symbol (case-insensitive)", example = "BTC")
            @PathParam("asset") String asset,
            @Parameter(description = "Window size, one of the configured sizes (coinpulse.windows)", example = "1m",
                    schema = @Schema(type = SchemaType.STRING, defaultValue = "1m"))
            @QueryParam("size") @DefaultValue("1m") String size,
            @Parameter(description = "Inclusive lower bound on windowStart: ISO-8601 (2026-03-01T00:00:00Z,"
                    + " 2026-03-01T01:00:00+01:00, 2026-03-01; without offset: UTC) or epoch milliseconds",
                    example = "2026-03-01T00:00:00Z", schema = @Schema(type = SchemaType.STRING))
            @QueryParam("from") String from,
            @Parameter(description = "Exclusive upper bound on windowStart, same formats as from; to - from is at most"
                    + " coinpulse.api.windows.max-range (default 366 days)", example = "1772323560000",
                    schema = @Schema(type = SchemaType.STRING))
            @QueryParam("to") String to,
            @Parameter(description = "Source to serve; see the operation's description", example = "binance")
            @QueryParam("source") String source,
            @Parameter(description = "Most windows to return: default 1000, at most 10000"
                    + " (coinpulse.api.windows.default-limit, .max-limit)", example = "1000",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", defaultValue = "1000"))
            @QueryParam("limit") String limit) {
        String symbol = RequestParameters.asset(asset);
        String windowSize = size(size);
        OptionalLong fromMs = RequestParameters.instant("from", from);
        OptionalLong toMs = RequestParameters.instant("to", to);
        RequestParameters.range(fromMs, toMs, config.api().windows().maxRange());
        int max = RequestParameters.limit("limit", limit, config.api().windows().defaultLimit(),
                config.api().windows().maxLimit());
        HotReads.Series series = hotReads.windows(symbol, RequestParameters.source(source), windowSize, fromMs,
                toMs, max);
        return caching.ok(request, series.body(), series.immutable() ? caching.immutable() : caching.hot());
    }

    private String size(String raw) {
        List<String> sizes = assets.sizes();
        String size = RequestParameters.optional(raw).orElse(AssetService.PRICE_SIZE);
        if (!sizes.contains(size)) {
            throw Problems.invalidParameter("size", raw,
                    "size must be one of the configured window sizes " + String.join(", ", sizes) + "; got '"
                            + RequestParameters.echo(raw) + "'");
        }
        return size;
    }
}
