package io.coinpulse.ingest.source.coincap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** CoinCap v3 REST, as far as ingest reads it; bodies are kept raw (they are recorded as frames). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface CoincapApi {

    /** Assets by rank: {@code {"timestamp":…,"data":[{"id":"bitcoin","symbol":"BTC","priceUsd":"…",…}]}}. */
    @GET
    @Path("assets")
    RestResponse<String> assets(@QueryParam("limit") int limit, @QueryParam("offset") int offset);
}
