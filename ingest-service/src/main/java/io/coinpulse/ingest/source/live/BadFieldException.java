package io.coinpulse.ingest.source.live;

import io.coinpulse.ingest.tick.Reason;

/** A field of an exchange payload that cannot make a canonical tick: the rule it breaks and why. */
public final class BadFieldException extends Exception {

    private final Reason reason;

    public BadFieldException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
