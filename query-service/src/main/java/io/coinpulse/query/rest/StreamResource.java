package io.coinpulse.query.rest;

import io.coinpulse.query.config.QueryConfig;
import io.coinpulse.query.live.LiveStream;
import io.coinpulse.query.live.StreamClients;
import io.coinpulse.query.live.StreamFilter;
import io.coinpulse.query.live.StreamPosition;
import io.coinpulse.query.service.AssetService;
import io.coinpulse.query.service.Problems;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** {@code GET /api/v1/stream}: Server-Sent Events of window updates and alerts, live from Kafka (SPEC §6). */
@Path("/api/v1/stream")
@Tag(name = "stream", description = "Live window updates and alerts")
public class StreamResource {

    private final LiveStream stream;
    private final StreamClients clients;
    private final AssetService assets;
    private final QueryConfig config;

    public StreamResource(LiveStream stream, StreamClients clients, AssetService assets, QueryConfig config) {
        this.stream = stream;
        this.clients = clients;
        this.assets = assets;
        this.config = config;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(summary = "Live window updates and alerts as Server-Sent Events",
            description = "Events, each with a JSON `data:` line:\n\n"
                    + "* `window`: a window update as spark-app publishes it to crypto.metrics, a WindowUpdateRecord"
                    + " (every micro-batch while a window is open, once more when it becomes final);\n"
                    + "* `alert`: an anomaly alert as crypto.alerts holds it, an AlertRecord;\n"
                    + "* `heartbeat`: `{\"time\":<epoch ms>}`, on connection and every coinpulse.stream.heartbeat;\n"
                    + "* `resync`: `{\"reason\":…}`, sent on reconnection when the missed events are no longer all held:"
                    + " reload from the REST API.\n\n"
                    + "Every event has an `id` (the stream position, the same on every replica). A client that"
                    + " reconnects with that id in `Last-Event-ID` first gets the matching events it missed, from the"
                    + " last coinpulse.stream.buffer-size events this instance holds. Updates of one asset arrive in"
                    + " the order spark-app published them. A client that does not take its events falls"
                    + " coinpulse.stream.client-buffer events behind and is disconnected (it reconnects and resumes);"
                    + " at most coinpulse.stream.max-clients clients are connected at once.")
    @APIResponse(responseCode = "200", description = "The event stream; it stays open",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING,
                    example = "id: m0:1041,m1:977,a0:12\nevent: window\ndata: {\"source\":\"binance\",\"asset\":\"BTC\","
                            + "\"size\":\"1m\",\"windowStart\":1772323200000,\"windowEnd\":1772323260000,\"open\":68023.6,"
                            + "\"high\":68110.2,\"low\":67990.1,\"close\":68101.9,\"avgPrice\":68050.3,\"vwap\":68049.8,"
                            + "\"volumeBase\":1.52,\"volumeQuote\":103436.7,\"tickCount\":184,\"tradeCount\":166,"
                            + "\"priceStddev\":31.2,\"pctChange\":0.115,\"final\":false}\n\n")))
    @APIResponse(responseCode = "400", description = "Bad assets, sizes or Last-Event-ID")
    @APIResponse(responseCode = "401", description = "API keys are configured and the request has no valid X-API-Key")
    @APIResponse(responseCode = "503", description = "coinpulse.stream.max-clients clients are connected already; retry"
            + " after Retry-After seconds")
    public Multi<OutboundSseEvent> stream(@Context Sse sse,
            @Parameter(description = "Only events of these assets, comma-separated (case-insensitive); all when absent."
                    + " At most coinpulse.stream.max-assets", example = "BTC,ETH")
            @QueryParam("assets") String assetFilter,
            @Parameter(description = "Only window updates of these sizes, comma-separated, of coinpulse.windows; all when"
                    + " absent. Alerts are not filtered by size", example = "1m")
            @QueryParam("sizes") String sizeFilter,
            @Parameter(description = "The id of the last event received, sent by EventSource on reconnection: the"
                    + " missed events come first", example = "m0:1041,m1:977,a0:12")
            @HeaderParam("Last-Event-ID") String lastEventId) {
        StreamFilter filter = new StreamFilter(
                RequestParameters.assets("assets", assetFilter, config.stream().maxAssets()),
                RequestParameters.listOf("sizes", sizeFilter, assets.sizes()));
        Optional<StreamPosition> from = position(lastEventId);
        StreamClients.Slot slot = clients.admit().orElseThrow(() -> Problems.streamFull(clients.max(),
                Math.max(1, config.stream().fullRetryAfter().toSeconds())));
        long retry = config.stream().retry().toMillis();
        boolean[] first = {true};
        return stream.subscribe(filter, from).map(item -> {
            OutboundSseEvent.Builder event = sse.newEventBuilder().id(item.id()).name(item.name()).data(item.data());
            if (first[0]) {
                first[0] = false;
                event.reconnectDelay(retry);
            }
            return event.build();
        }).onTermination().invoke(slot::release);
    }

    private static Optional<StreamPosition> position(String lastEventId) {
        Optional<String> raw = RequestParameters.optional(lastEventId);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(StreamPosition.parse(raw.get()));
        } catch (IllegalArgumentException e) {
            throw Problems.invalidParameter("Last-Event-ID", lastEventId, "Last-Event-ID must be the id of an event of"
                    + " this stream, like m0:1041,m1:977,a0:12: " + e.getMessage());
        }
    }
}
