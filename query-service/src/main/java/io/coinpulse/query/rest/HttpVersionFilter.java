package io.coinpulse.query.rest;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses requests in an HTTP version the server does not speak ({@code HTTP/9.9}, {@code HTTP/1.7}):
 * Netty parses any {@code HTTP/x.y} and Vert.x would serve it as if it were HTTP/1.1. They get a 400
 * and the connection is closed — the API fuzzer (issue 4) found them answered with 200.
 */
@ApplicationScoped
public class HttpVersionFilter {

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            if (context.request().version() != null) {
                context.next();
                return;
            }
            context.response().setStatusCode(400).putHeader(HttpHeaders.CONNECTION, "close").end();
        });
    }
}
