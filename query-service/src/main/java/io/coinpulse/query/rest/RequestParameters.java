package io.coinpulse.query.rest;

import io.coinpulse.query.service.Problems;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the raw text of query and path parameters. Parameters arrive as strings so that a bad
 * value gets a 400 problem that says what was expected, instead of JAX-RS's bare 404 for a query
 * parameter that does not convert. A blank value counts as absent ({@code ?from=&to=}).
 */
final class RequestParameters {

    /** The latest instant accepted: 9999-12-31T23:59:59.999Z. */
    static final long MAX_EPOCH_MS = 253_402_300_799_999L;

    private static final Pattern ASSET = Pattern.compile("[A-Z0-9]{1,20}");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,18}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    private RequestParameters() {
    }

    /** An asset symbol, upper-cased: {@code btc} is {@code BTC}. */
    static String asset(String raw) {
        String asset = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
        if (!ASSET.matcher(asset).matches()) {
            throw Problems.invalidParameter("asset", raw,
                    "asset must be a symbol of 1 to 20 letters or digits, like BTC; got '" + echo(raw) + "'");
        }
        return asset;
    }

    /** An optional source name. */
    static Optional<String> source(String raw) {
        Optional<String> source = optional(raw);
        if (source.isPresent() && !SOURCE.matcher(source.get()).matches()) {
            throw Problems.invalidParameter("source", raw,
                    "source must be a source name of 1 to 32 letters, digits, '.', '_' or '-', like binance; got '"
                            + echo(raw) + "'");
        }
        return source;
    }

    /**
     * An optional instant in epoch milliseconds: digits are epoch milliseconds, anything else must be
     * ISO-8601, a date-time with an offset ({@code 2026-03-01T00:00:00Z}, {@code …+01:00}), a local
     * date-time or a date, both taken as UTC.
     */
    static OptionalLong instant(String name, String raw) {
        Optional<String> value = optional(raw);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        String text = value.get();
        long epochMs;
        if (DIGITS.matcher(text).matches()) {
            epochMs = text.length() > 15 ? Long.MAX_VALUE : Long.parseLong(text);
        } else {
            epochMs = parseIso(name, text).toEpochMilli();
        }
        if (epochMs < 0 || epochMs > MAX_EPOCH_MS) {
            throw Problems.invalidParameter(name, raw, name + " must lie between 1970-01-01T00:00:00Z (0) and "
                    + "9999-12-31T23:59:59.999Z (" + MAX_EPOCH_MS + "); got '" + echo(raw) + "'");
        }
        return OptionalLong.of(epochMs);
    }

    /** A count between 1 and {@code max}, {@code defaultValue} when absent. */
    static int limit(String name, String raw, int defaultValue, int max) {
        Optional<String> value = optional(raw);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get();
        if (!INTEGER.matcher(text).matches()) {
            throw Problems.invalidParameter(name, raw,
                    name + " must be an integer between 1 and " + max + "; got '" + echo(raw) + "'");
        }
        long limit = Long.parseLong(text);
        if (limit < 1 || limit > max) {
            throw Problems.invalidParameter(name, raw,
                    name + " must be between 1 and " + max + "; got " + limit);
        }
        return (int) limit;
    }

    /** A page number, counted from 0, 0 when absent. */
    static long page(String raw, long max) {
        Optional<String> value = optional(raw);
        if (value.isEmpty()) {
            return 0;
        }
        String text = value.get();
        if (!INTEGER.matcher(text).matches()) {
            throw Problems.invalidParameter("page", raw,
                    "page must be an integer between 0 and " + max + " (pages count from 0); got '" + echo(raw) + "'");
        }
        long page = Long.parseLong(text);
        if (page < 0 || page > max) {
            throw Problems.invalidParameter("page", raw,
                    "page must be between 0 and " + max + " (pages count from 0); got " + page);
        }
        return page;
    }

    /** One of {@code allowed}, {@code defaultValue} when absent. */
    static String oneOf(String name, String raw, List<String> allowed, String defaultValue) {
        String value = optional(raw).orElse(defaultValue);
        if (!allowed.contains(value)) {
            throw Problems.invalidParameter(name, raw,
                    name + " must be one of " + String.join(", ", allowed) + "; got '" + echo(raw) + "'");
        }
        return value;
    }

    /** An optional value that must be one of {@code allowed}. */
    static Optional<String> optionalOneOf(String name, String raw, List<String> allowed) {
        Optional<String> value = optional(raw);
        value.ifPresent(v -> oneOf(name, raw, allowed, v));
        return value;
    }

    /** An optional asset symbol, upper-cased. */
    static Optional<String> optionalAsset(String raw) {
        return optional(raw).map(RequestParameters::asset);
    }

    /**
     * A comma-separated list of asset symbols ({@code BTC,eth}), upper-cased, at most {@code max}
     * distinct ones; empty when absent.
     */
    static Set<String> assets(String name, String raw, int max) {
        Optional<String> value = optional(raw);
        if (value.isEmpty()) {
            return Set.of();
        }
        Set<String> assets = new LinkedHashSet<>();
        for (String item : value.get().split(",", -1)) {
            String asset = item.trim().toUpperCase(Locale.ROOT);
            if (!ASSET.matcher(asset).matches()) {
                throw Problems.invalidParameter(name, raw, name + " must be a comma-separated list of symbols of 1 to"
                        + " 20 letters or digits, like BTC,ETH; got '" + echo(item) + "'");
            }
            assets.add(asset);
        }
        if (assets.size() > max) {
            throw Problems.invalidParameter(name, raw, name + " may name at most " + max + " assets; got "
                    + assets.size());
        }
        return assets;
    }

    /** A comma-separated list of values of {@code allowed}; empty when absent. */
    static Set<String> listOf(String name, String raw, List<String> allowed) {
        Optional<String> value = optional(raw);
        if (value.isEmpty()) {
            return Set.of();
        }
        Set<String> items = new LinkedHashSet<>();
        for (String item : value.get().split(",", -1)) {
            String trimmed = item.trim();
            if (!allowed.contains(trimmed)) {
                throw Problems.invalidParameter(name, raw, name + " must be a comma-separated list of "
                        + String.join(", ", allowed) + "; got '" + echo(item) + "'");
            }
            items.add(trimmed);
        }
        return items;
    }

    /** The value, empty when absent or blank. */
    static Optional<String> optional(String raw) {
        return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw.trim());
    }

    private static Instant parseIso(String name, String text) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from,
                    LocalDateTime::from);
            if (parsed instanceof ZonedDateTime zoned) {
                return zoned.toInstant();
            }
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notADateTime) {
            try {
                return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeException notADate) {
                throw Problems.invalidParameter(name, text, name
                        + " must be ISO-8601 (2026-03-01T00:00:00Z, 2026-03-01T01:00:00+01:00, 2026-03-01) or epoch"
                        + " milliseconds (1772323200000); got '" + echo(text) + "'");
            }
        }
    }

    /** The client's value for a message, cut short so that a problem never grows with the request. */
    static String echo(String raw) {
        return raw == null ? "" : raw.length() <= 64 ? raw : raw.substring(0, 64) + "…";
    }

    private static String days(Duration duration) {
        return duration.toMillis() % Duration.ofDays(1).toMillis() == 0 ? duration.toDays() + " days"
                : duration.toString();
    }

    /**
     * Checks a from/to pair: from before to, at most {@code maxRange} (coinpulse.api.windows.max-range) apart.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 otherwise
     */
    static void range(OptionalLong from, OptionalLong to, Duration maxRange) {
        if (from.isEmpty() || to.isEmpty()) {
            return;
        }
        long start = from.getAsLong();
        long end = to.getAsLong();
        if (start >= end) {
            throw Problems.invalidRange("from (" + Instant.ofEpochMilli(start) + ") must be before to ("
                    + Instant.ofEpochMilli(end) + "): from is inclusive, to exclusive");
        }
        if (end - start > maxRange.toMillis()) {
            throw Problems.invalidRange("from " + Instant.ofEpochMilli(start) + " to " + Instant.ofEpochMilli(end)
                    + " spans more than the maximum range of " + days(maxRange)
                    + " (coinpulse.api.windows.max-range); narrow it, or leave out to and page with from and limit");
        }
    }
}
