package io.coinpulse.ingest.tick;

/** Why a record went to {@code crypto.ticks.dlq}: one code per SPEC §3 rule (docs/CONTRACTS.md). */
public enum Reason {
    /** Not a JSON object: a cut-off line, a syntax error, an array, duplicate keys. */
    MALFORMED_JSON("malformed_json"),
    MISSING_SOURCE("missing_source"),
    INVALID_KIND("invalid_kind"),
    /** Missing, or not {@code ^[A-Z0-9]{1,20}$}. */
    INVALID_ASSET("invalid_asset"),
    INVALID_QUOTE("invalid_quote"),
    /** Price (or an optional quote-currency amount: volume24h, marketCap) not a finite number in range. */
    INVALID_PRICE("invalid_price"),
    INVALID_SIZE("invalid_size"),
    INVALID_EVENT_TIME("invalid_event_time"),
    MISSING_ID("missing_id"),
    /**
     * A frame, line or response body longer than {@code coinpulse.ingest.max-frame-bytes}: dropped unread, only an
     * excerpt goes to the DLQ.
     */
    OVERSIZED("oversized");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    /** The code written to the DLQ and used as the metric tag. */
    public String code() {
        return code;
    }
}
