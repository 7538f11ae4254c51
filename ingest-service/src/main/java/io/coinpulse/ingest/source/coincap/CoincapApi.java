package io.coinpulse.ingest.source.coincap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** CoinCap v3 REST, as far as ingest reads it; the caller reads each body as text (it is recorded raw). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface CoincapApi {

    /** Assets by rank: {@code {"timestamp":…,"data":[{"id":"bitcoin","symbol":"BTC","priceUsd":"…",…}]}}. */
    @GET
    @Path("assets")
    Response assets(@QueryParam("limit") int limit, @QueryParam("offset") int offset);
}
