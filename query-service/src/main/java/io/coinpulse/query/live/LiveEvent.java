package io.coinpulse.query.live;

/**
 * One record of the live stream as it is sent: a window update or an alert, its place in Kafka and
 * its JSON.
 *
 * @param partition partition key ({@code m0}, {@code a0}; see {@link StreamPosition})
 * @param offset the record's Kafka offset
 * @param type {@link #WINDOW} or {@link #ALERT}: the SSE event name
 * @param asset the asset it is about
 * @param size the window size ({@code 1m}); null for an alert
 * @param json the SSE data: the window update or alert as JSON
 * @param id the SSE id: the stream position just after this record
 */
public record LiveEvent(String partition, long offset, String type, String asset, String size, String json,
        String id) {

    /** Event name of a window update. */
    public static final String WINDOW = "window";

    /** Event name of an anomaly alert. */
    public static final String ALERT = "alert";
}
