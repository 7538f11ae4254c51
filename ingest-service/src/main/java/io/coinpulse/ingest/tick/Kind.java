package io.coinpulse.ingest.tick;

import java.util.Optional;

/** What a tick is: an executed trade or a price snapshot. */
public enum Kind {
    TRADE("trade"),
    QUOTE("quote");

    private final String code;

    Kind(String code) {
        this.code = code;
    }

    /** The JSON spelling: {@code trade} or {@code quote}. */
    public String code() {
        return code;
    }

    /** The kind spelled exactly {@code code} (case-sensitive), if any. */
    public static Optional<Kind> fromCode(String code) {
        for (Kind kind : values()) {
            if (kind.code.equals(code)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
