package io.coinpulse.ingest.source.live;

import java.time.Duration;

/**
 * A REST request answered with a status other than 2xx. 429 (rate limited) carries the wait the server asked
 * for; 408 and 5xx are transient (retried with backoff); other 4xx are not retried (a wrong key, a wrong URL)
 * until the next poll.
 */
public final class HttpStatusException extends Exception {

    private final int status;
    private final Duration retryAfter;

    public HttpStatusException(String what, int status, Duration retryAfter, String bodyStart) {
        super("HTTP " + status + " from " + what + (bodyStart == null || bodyStart.isBlank() ? "" : ": " + bodyStart),
                null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** For a 429: how long the server asked to wait (Retry-After, or the configured default). */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean rateLimited() {
        return status == 429;
    }

    /** Worth retrying with backoff right away: a timeout or a server error. */
    public boolean transientFailure() {
        return status == 408 || status >= 500;
    }
}
