package io.coinpulse.query.live;

/**
 * One Server-Sent Event as the resource sends it.
 *
 * @param id the {@code id:} field, the client's {@code Last-Event-ID} on reconnection
 * @param name the {@code event:} field: {@code window}, {@code alert}, {@code heartbeat} or {@code resync}
 * @param data the {@code data:} field, JSON
 */
public record StreamItem(String id, String name, String data) {

    /** Sent on connection and every {@code coinpulse.stream.heartbeat}: {@code {"time":<epoch ms>}}. */
    public static final String HEARTBEAT = "heartbeat";

    /**
     * Sent instead of a replay when the events after the client's {@code Last-Event-ID} are no longer all
     * held: the client reloads its state from the REST API, the stream goes on live.
     */
    public static final String RESYNC = "resync";

    static StreamItem of(LiveEvent event) {
        return new StreamItem(event.id(), event.type(), event.json());
    }
}
