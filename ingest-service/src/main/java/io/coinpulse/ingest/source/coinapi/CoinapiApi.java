package io.coinpulse.ingest.source.coinapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** CoinAPI REST, as far as ingest reads it; the caller reads each body as text (it is recorded raw). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface CoinapiApi {

    /** {@code {"time":"…","asset_id_base":"BTC","asset_id_quote":"USD","rate":29295.929694597355}}. */
    @GET
    @Path("v1/exchangerate/{base}/{quote}")
    Response exchangeRate(@PathParam("base") String base, @PathParam("quote") String quote);
}
