package io.coinpulse.query.service;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.Response.Status;
import java.net.URI;
import java.util.List;

/**
 * The RFC 9457 problems the API answers bad requests with; the resteasy-problem extension renders
 * them as {@code application/problem+json}. One type per kind of mistake, so a client can tell
 * them apart without parsing {@code detail}; extension members name the offending parameter.
 */
public final class Problems {

    static final String TYPE_PREFIX = "urn:coinpulse:problem:";

    private static final int MAX_ECHO = 64;

    private Problems() {
    }

    /** 400: a query or path parameter that cannot be parsed or is out of bounds. */
    public static HttpProblem invalidParameter(String parameter, String value, String detail) {
        return HttpProblem.builder()
                .withType(type("invalid-parameter"))
                .withTitle("Invalid parameter")
                .withStatus(Status.BAD_REQUEST)
                .withDetail(detail)
                .with("parameter", parameter)
                .with("value", echo(value))
                .build();
    }

    /** 400: {@code from}/{@code to} that do not make a non-empty range within bounds. */
    public static HttpProblem invalidRange(String detail) {
        return HttpProblem.builder()
                .withType(type("invalid-range"))
                .withTitle("Invalid time range")
                .withStatus(Status.BAD_REQUEST)
                .withDetail(detail)
                .build();
    }

    /** 404: no window of any size or source exists for the asset. */
    public static HttpProblem unknownAsset(String asset) {
        return HttpProblem.builder()
                .withType(type("unknown-asset"))
                .withTitle("Unknown asset")
                .withStatus(Status.NOT_FOUND)
                .withDetail("No window metrics exist for asset '" + echo(asset) + "'")
                .with("asset", echo(asset))
                .build();
    }

    /** 404: the asset exists, but not from the requested source. */
    public static HttpProblem unknownSource(String asset, String source, List<String> sources) {
        return HttpProblem.builder()
                .withType(type("unknown-source"))
                .withTitle("Unknown source")
                .withStatus(Status.NOT_FOUND)
                .withDetail("Source '" + echo(source) + "' has no data for " + asset + "; sources with data: "
                        + String.join(", ", sources))
                .with("asset", asset)
                .with("sources", sources)
                .build();
    }

    /** 400: no source named, no primary source with data, and several sources have data. */
    public static HttpProblem ambiguousSource(String asset, List<String> sources) {
        return HttpProblem.builder()
                .withType(type("ambiguous-source"))
                .withTitle("Ambiguous source")
                .withStatus(Status.BAD_REQUEST)
                .withDetail("Several sources have data for " + asset + ": " + String.join(", ", sources)
                        + "; choose one with ?source=")
                .with("asset", asset)
                .with("sources", sources)
                .build();
    }

    /**
     * 412: the request's {@code If-Match} names no current representation (RFC 9110 §13.1.1). The API
     * is read-only, so this only happens to a client that sends the header to a GET.
     */
    public static HttpProblem preconditionFailed() {
        return HttpProblem.builder()
                .withType(type("precondition-failed"))
                .withTitle("Precondition failed")
                .withStatus(Status.PRECONDITION_FAILED)
                .withDetail("If-Match names no current representation of this resource")
                .build();
    }

    /**
     * 503: {@code max} clients are connected to the live stream already; the client may try again after
     * {@code retryAfterSeconds} (the {@code Retry-After} header).
     */
    public static HttpProblem streamFull(int max, long retryAfterSeconds) {
        return HttpProblem.builder()
                .withType(type("stream-full"))
                .withTitle("Stream full")
                .withStatus(Status.SERVICE_UNAVAILABLE)
                .withDetail("The live stream has its maximum of " + max + " clients; try again in " + retryAfterSeconds
                        + " seconds")
                .withHeader("Retry-After", retryAfterSeconds)
                .with("maxClients", max)
                .build();
    }

    /** The client's value, cut short so that a problem never grows with the request. */
    static String echo(String value) {
        if (value == null) {
            return null;
        }
        return value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "…";
    }

    private static URI type(String name) {
        return URI.create(TYPE_PREFIX + name);
    }
}
