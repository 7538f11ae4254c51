package io.coinpulse.ingest.source;

/** Where a source stands, and why, in words an operator can act on. */
public record SourceStatus(State state, String detail) {

    public enum State {
        /** Enabled, not started yet. */
        IDLE(false),
        /** Starting or (re)connecting. */
        STARTING(false),
        /** Receiving and publishing. */
        RUNNING(true),
        /**
         * A live source lost its connection, could not connect, or a request failed or was rate limited: it
         * retries with backoff (the detail says why and since when).
         */
        RETRYING(false),
        /** A finite source (a replay) published everything it had; the service stays up. */
        COMPLETED(true),
        /** Gave up on an expected failure (unreadable file, …); see the detail. */
        FAILED(false),
        /** Its worker died of an unexpected error: the service needs a restart (liveness goes down). */
        CRASHED(false),
        /** Stopped on shutdown. */
        STOPPED(false);

        private final boolean ready;

        State(boolean ready) {
            this.ready = ready;
        }

        /** Whether the {@code sources} health group reports this source as up. */
        public boolean ready() {
            return ready;
        }

        public String label() {
            return name().toLowerCase();
        }
    }

    public static SourceStatus of(State state, String detail) {
        return new SourceStatus(state, detail);
    }
}
