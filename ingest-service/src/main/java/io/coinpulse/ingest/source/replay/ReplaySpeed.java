package io.coinpulse.ingest.source.replay;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How fast a replay plays: {@code max} (as fast as Kafka acknowledges) or a positive multiple of real
 * time ({@code 1} = the event-time gaps as they were, {@code 10} = ten times faster, {@code 0.5} = half).
 */
public record ReplaySpeed(double multiple) {

    public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);

    private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");

    public ReplaySpeed {
        if (!(multiple > 0)) {
            throw new IllegalArgumentException("a replay speed must be > 0, got " + multiple);
        }
    }

    /**
     * Parses {@code max} (any case) or a plain positive decimal such as {@code 1}, {@code 10}, {@code 0.5}.
     *
     * @throws IllegalArgumentException with a message saying what is accepted
     */
    public static ReplaySpeed parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.toLowerCase(Locale.ROOT).equals("max")) {
            return MAX;
        }
        if (DECIMAL.matcher(value).matches()) {
            double multiple = Double.parseDouble(value);
            if (multiple > 0 && Double.isFinite(multiple)) {
                return new ReplaySpeed(multiple);
            }
        }
        throw new IllegalArgumentException("replay speed must be 'max' or a positive multiple of real time"
                + " such as 1, 10 or 0.5, got '" + value + "'");
    }

    public boolean isMax() {
        return multiple == Double.POSITIVE_INFINITY;
    }

    /** The wall-clock nanoseconds an event-time gap of {@code gapMillis} takes at this speed (0 at max). */
    public long wallNanos(long gapMillis) {
        if (isMax() || gapMillis <= 0) {
            return 0;
        }
        return (long) (gapMillis * 1_000_000.0 / multiple);
    }

    @Override
    public String toString() {
        return isMax() ? "max" : (multiple == Math.rint(multiple) ? Long.toString((long) multiple) : Double.toString(multiple)) + "x";
    }
}
