package io.coinpulse.query.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.config.QueryConfig;
import io.coinpulse.query.service.Problems;
import io.coinpulse.query.service.Rendered;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * 200 with {@code ETag} and {@code Cache-Control}, or 304 when the client's {@code If-None-Match}
 * still matches. With API keys configured the answers are {@code private}: a shared cache must not
 * hand them to a client without a key.
 */
@ApplicationScoped
public class HttpCaching {

    private final ObjectMapper json;
    private final QueryConfig config;

    public HttpCaching(ObjectMapper json, QueryConfig config) {
        this.json = json;
        this.config = config;
    }

    /** How long hot reads may be reused ({@code coinpulse.api.cache.max-age}). */
    public Duration hot() {
        return config.api().cache().maxAge();
    }

    /** How long a closed series of final windows may be reused ({@code coinpulse.api.cache.final-max-age}). */
    public Duration immutable() {
        return config.api().cache().finalMaxAge();
    }

    /** {@code body} serialised, tagged and cacheable for {@code maxAge}. */
    public Response ok(Request request, Object body, Duration maxAge) {
        return ok(request, Rendered.of(json, body), maxAge);
    }

    /**
     * {@code body} as rendered, cacheable for {@code maxAge}; 304 when the client holds it already; a
     * 412 problem when {@code If-Match} names another representation.
     */
    public Response ok(Request request, Rendered body, Duration maxAge) {
        EntityTag tag = new EntityTag(body.etag());
        CacheControl cacheControl = new CacheControl();
        cacheControl.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds()));
        cacheControl.setPrivate(config.api().keys().isPresent());
        cacheControl.setNoTransform(false);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            if (notModified.build().getStatus() == Response.Status.PRECONDITION_FAILED.getStatusCode()) {
                throw Problems.preconditionFailed();
            }
            return notModified.tag(tag).cacheControl(cacheControl).build();
        }
        return Response.ok(body.json(), MediaType.APPLICATION_JSON_TYPE).tag(tag).cacheControl(cacheControl).build();
    }
}
