package io.coinpulse.query.rest;

import io.coinpulse.query.config.QueryConfig;
import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response.Status;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Optional API keys ({@code coinpulse.api.keys}): when configured, every {@code /api} request needs
 * one of them in {@code X-API-Key}, else a 401 problem. {@code /q/*} (health, metrics, OpenAPI) and
 * the dashboard's static files are not JAX-RS resources and stay open. Keys are compared by their
 * SHA-256 digests in constant time and never logged or echoed.
 */
public class ApiKeyFilter {

    /** The request header that carries the key. */
    public static final String HEADER = "X-API-Key";

    private final List<byte[]> digests;

    public ApiKeyFilter(QueryConfig config) {
        this.digests = config.api().keys().orElse(List.of()).stream()
                .map(String::trim).filter(k -> !k.isEmpty()).map(ApiKeyFilter::digest).toList();
    }

    @ServerRequestFilter(preMatching = true)
    public void requireKey(ContainerRequestContext request) {
        if (digests.isEmpty() || !request.getUriInfo().getPath().startsWith("/api")) {
            return;
        }
        String key = request.getHeaderString(HEADER);
        if (key == null || key.isBlank()) {
            throw unauthorized("This API needs a key: send it in the " + HEADER + " header");
        }
        byte[] given = digest(key.trim());
        boolean known = false;
        for (byte[] digest : digests) {
            known |= MessageDigest.isEqual(digest, given);
        }
        if (!known) {
            throw unauthorized("The key in the " + HEADER + " header is not valid");
        }
    }

    private static HttpProblem unauthorized(String detail) {
        return HttpProblem.builder()
                .withType(URI.create("urn:coinpulse:problem:unauthorized"))
                .withTitle("Unauthorized")
                .withStatus(Status.UNAUTHORIZED)
                .withDetail(detail)
                .withHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"")
                .build();
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
