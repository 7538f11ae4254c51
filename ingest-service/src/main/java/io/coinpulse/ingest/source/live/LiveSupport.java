package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.pipeline.IngestPipeline;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the live sources share: configuration, the pipeline, and how their REST clients are built. */
@ApplicationScoped
public class LiveSupport {

    private final IngestConfig config;
    private final IngestPipeline pipeline;

    public LiveSupport(IngestConfig config, IngestPipeline pipeline) {
        this.config = config;
        this.pipeline = pipeline;
    }

    public IngestConfig config() {
        return config;
    }

    public IngestPipeline pipeline() {
        return pipeline;
    }

    /**
     * A Quarkus REST Client of {@code api} at {@code baseUrl}: the response status is the caller's to judge
     * (no exception for 4xx/5xx), {@code headers} on every request (API keys: never logged), the connect and
     * read timeout {@code timeout}.
     */
    public <T> T restClient(Class<T> api, String baseUrl, Map<String, String> headers, Duration timeout) {
        ClientRequestFilter addHeaders = request -> headers.forEach((name, value) -> request.getHeaders().putSingle(name, value));
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .followRedirects(true)
                .register(addHeaders)
                .build(api);
    }

    /** {@link #restClient} with the configured timeout. */
    public <T> T restClient(Class<T> api, String baseUrl, Map<String, String> headers) {
        return restClient(api, baseUrl, headers, config.live().connectTimeout());
    }
}
