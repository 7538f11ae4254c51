package io.coinpulse.ingest.tick;

/** The text is not one JSON object. */
public final class MalformedJsonException extends Exception {

    public MalformedJsonException(String message) {
        super(message, null, false, false);
    }
}
