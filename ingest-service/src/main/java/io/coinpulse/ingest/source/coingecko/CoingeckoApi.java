package io.coinpulse.ingest.source.coingecko;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** CoinGecko REST, as far as ingest reads it; the caller reads each body as text (it is recorded raw). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface CoingeckoApi {

    /** Coins by market cap with price, volume and cap in {@code vs_currency}: a JSON array. */
    @GET
    @Path("coins/markets")
    Response markets(@QueryParam("vs_currency") String vsCurrency, @QueryParam("order") String order,
            @QueryParam("per_page") int perPage, @QueryParam("page") int page,
            @QueryParam("sparkline") boolean sparkline);

    /** {@code {"gecko_says":"(V3) To the Moon!"}}: a reachability check. */
    @GET
    @Path("ping")
    Response ping();
}
