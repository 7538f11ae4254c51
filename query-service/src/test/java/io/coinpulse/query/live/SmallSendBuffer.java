package io.coinpulse.query.live;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * A small socket send buffer for the HTTP server (8 KiB; the kernel's default grows to 4 MiB), so a client that
 * does not read fills the network's buffers after a few dozen events and the service's own bound shows. Enabled
 * by {@link StreamClientsTest.Capped} only.
 */
@Alternative
@Singleton
public class SmallSendBuffer implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setSendBufferSize(8192);
    }
}
