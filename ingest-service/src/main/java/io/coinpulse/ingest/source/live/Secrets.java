package io.coinpulse.ingest.source.live;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.Optional;

/**
 * The API keys of one source, to keep them out of everything a person reads: log lines, readiness details
 * and error messages that might echo a URL (CoinCap's stream takes its key in the query). Keys come only from
 * configuration (environment, Kubernetes Secret).
 */
public final class Secrets {

    /** No secrets: nothing to scrub. */
    public static final Secrets NONE = new Secrets(List.of());

    private static final String MASK = "***";

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = values;
    }

    /** The key, when set and not blank. */
    public static Secrets of(Optional<String> key) {
        return key.filter(k -> !k.isBlank()).map(k -> new Secrets(List.of(k))).orElse(NONE);
    }

    /** {@code text} with every secret replaced by {@code ***}. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String value : values) {
            result = result.replace(value, MASK);
        }
        return result;
    }

    /** A failure as one scrubbed line: the innermost useful exception's type and message. */
    public String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause instanceof CompletionException
                        || cause instanceof ExecutionException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        String type = cause.getClass().getSimpleName();
        return scrub(message == null || message.isBlank() ? type : type + ": " + firstLine(message));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
