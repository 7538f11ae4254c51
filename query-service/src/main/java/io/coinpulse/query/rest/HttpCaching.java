package io.coinpulse.query.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.config.QueryConfig;
import io.coinpulse.query.service.Problems;
import io.coinpulse.query.service.Rendered;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;
import java.time.Duration;
import java.util.List;

/**
 * 200 with {@code ETag} and {@code Cache-Control}, or 304 when the client's {@code If-None-Match}
 * still matches. With API keys configured the answers are {@code private}: a shared cache must not
 * hand them to a client without a key.
 *
 * <p>Content negotiation of the encoding ({@code Accept-Encoding}, q-values honoured by JAX-RS's
 * {@link Request#selectVariant}, which also adds {@code Vary: Accept-Encoding}): a body of at least
 * {@link #MIN_GZIP_BYTES} is negotiable; its gzip representation has its own strong ETag (the plain
 * one with {@code -gzip}), and {@code If-None-Match} with either tag is a 304. A body that holds its
 * gzip encoding already (a cached final series) is sent as those stored bytes, so it costs no
 * compression per request; any other is left to the HTTP server's compressor
 * ({@code quarkus.http.enable-compression}, at {@code quarkus.http.compression-level}). A small
 * body, and one for a client that prefers identity, is marked {@code identity}, which the server
 * sends as it is.
 */
@ApplicationScoped
public class HttpCaching {

    /**
     * Bodies smaller than this are never compressed: the listing of one asset (~460 B) would shrink
     * by ~170 B, for a deflater per response.
     */
    static final int MIN_GZIP_BYTES = 1024;

    static final String GZIP = "gzip";
    static final String IDENTITY = "identity";
    private static final CharSequence GZIP_ENCODING = HttpHeaders.createOptimized(GZIP);

    /** The representations of a negotiable body, identity first: it wins ties and a missing header. */
    private static final List<Variant> ENCODINGS = Variant.encodings(IDENTITY, GZIP).build();

    private final ObjectMapper json;
    private final QueryConfig config;
    private final CurrentVertxRequest vertx;

    public HttpCaching(ObjectMapper json, QueryConfig config, CurrentVertxRequest vertx) {
        this.json = json;
        this.config = config;
        this.vertx = vertx;
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
     * {@code body} as rendered in the encoding the client prefers, cacheable for {@code maxAge}; 304
     * when the client holds either representation already; a 412 problem when {@code If-Match}
     * names neither.
     */
    public Response ok(Request request, Rendered body, Duration maxAge) {
        boolean negotiable = body.json().length >= MIN_GZIP_BYTES;
        boolean gzip = negotiable && prefersGzip(request);
        EntityTag tag = new EntityTag(gzip ? body.gzipEtag() : body.etag());
        CacheControl cacheControl = new CacheControl();
        cacheControl.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds()));
        cacheControl.setPrivate(config.api().keys().isPresent());
        cacheControl.setNoTransform(false);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (negotiable && (notModified == null || isPreconditionFailed(notModified))) {
            // the client may hold the other representation: the same content, so it is just as current
            EntityTag other = new EntityTag(gzip ? body.etag() : body.gzipEtag());
            Response.ResponseBuilder byOther = request.evaluatePreconditions(other);
            if (byOther == null && notModified != null) {
                notModified = null;
            } else if (byOther != null && !isPreconditionFailed(byOther)) {
                // 304 with the tag the client holds, so its cache freshens that stored response
                return notModified(byOther, other, cacheControl);
            }
        }
        if (notModified != null) {
            if (isPreconditionFailed(notModified)) {
                throw Problems.preconditionFailed();
            }
            return notModified(notModified, tag, cacheControl);
        }
        byte[] entity = body.json();
        if (gzip && body.gzip().isPresent() && !isHttp2()) {
            entity = body.gzip().get();
            encodeAs(GZIP_ENCODING);
        } else if (!gzip) {
            encodeAs(HttpHeaders.IDENTITY);
        }
        return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE).tag(tag).cacheControl(cacheControl).build();
    }

    /**
     * Whether the client's {@code Accept-Encoding} ranks gzip above identity; JAX-RS adds
     * {@code Vary: Accept-Encoding} to the response as it selects. A header that accepts
     * neither (e.g. only {@code br}) gets identity, which HTTP always allows unless excluded.
     */
    private static boolean prefersGzip(Request request) {
        Variant selected = request.selectVariant(ENCODINGS);
        return selected != null && GZIP.equals(selected.getEncoding());
    }

    /**
     * A 304 naming {@code tag}. Its {@code Vary} is the one {@link Request#selectVariant} put on the
     * response; the precondition's builder repeats it, once is enough.
     */
    private static Response notModified(Response.ResponseBuilder notModified, EntityTag tag, CacheControl cacheControl) {
        return notModified.tag(tag).cacheControl(cacheControl).header(jakarta.ws.rs.core.HttpHeaders.VARY, null).build();
    }

    /**
     * Sets {@code Content-Encoding} as the response's headers go out, after Quarkus REST's
     * compression step (which clears the {@code identity} mark of every JSON response, so the
     * server compresses it): {@code gzip} for bytes that are gzip already, {@code identity} for a
     * body to be sent as it is. HTTP/1.1's compressor passes both through and drops the
     * {@code identity} header.
     */
    private void encodeAs(CharSequence encoding) {
        RoutingContext context = vertx.getCurrent();
        context.addHeadersEndHandler(
                ignored -> context.response().headers().set(HttpHeaders.CONTENT_ENCODING, encoding));
    }

    /**
     * Over HTTP/2 (h2c: the JDK's HttpClient by default; browsers and curl speak HTTP/1.1 without
     * TLS) the server compresses whatever is marked {@code gzip}, so stored gzip bytes would be
     * compressed twice: there the plain body is handed to the compressor instead.
     */
    private boolean isHttp2() {
        return vertx.getCurrent().request().version() == HttpVersion.HTTP_2;
    }

    private static boolean isPreconditionFailed(Response.ResponseBuilder response) {
        return response.build().getStatus() == Response.Status.PRECONDITION_FAILED.getStatusCode();
    }
}
