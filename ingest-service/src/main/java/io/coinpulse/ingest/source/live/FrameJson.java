package io.coinpulse.ingest.source.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.coinpulse.ingest.tick.MalformedJsonException;
import io.coinpulse.ingest.tick.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reading the frames of the exchange APIs. Numbers come as JSON strings in some APIs ({@code "107407.88000000"})
 * and as JSON floats in others ({@code 0.10035}); both are read as the exact decimal of their text
 * ({@link BigDecimal}: the JSON floats too, never through {@code float} or {@code double}) and turned into the
 * canonical tick's double once, correctly rounded ({@link #toDouble}). Times come as epoch milliseconds or as
 * ISO-8601 instants with up to nine fractional digits.
 */
public final class FrameJson {

    /** Floats are read as {@link BigDecimal} from their text; unknown fields are kept (and ignored by the parsers). */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private FrameJson() {
    }

    /** Parses a frame; the message says where it broke. */
    public static JsonNode read(String frame) throws MalformedJsonException {
        try {
            JsonNode node = MAPPER.readTree(frame);
            if (node == null || node.isMissingNode()) {
                throw new MalformedJsonException("empty frame, not JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            int newline = message == null ? -1 : message.indexOf('\n');
            throw new MalformedJsonException("not valid JSON: " + (newline < 0 ? message : message.substring(0, newline))
                    + " at column " + (e.getLocation() == null ? "?" : Long.toString(e.getLocation().getColumnNr())));
        } catch (NumberFormatException e) {
            // a float beyond BigDecimal's range ("1e2147483648"): Jackson throws this unwrapped
            throw new MalformedJsonException("not valid JSON: a number out of range: " + e.getMessage());
        }
    }

    /** Parses a frame that must be a JSON object (the envelope of every WebSocket message and REST body read so). */
    public static JsonNode readObject(String frame) throws MalformedJsonException {
        JsonNode root = read(frame);
        if (!root.isObject()) {
            throw new MalformedJsonException("not a JSON object");
        }
        return root;
    }

    /** The field's node, or null when it is absent or JSON null. */
    public static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** A text field, or null when absent or null; a number is taken as its text. */
    public static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null) {
            return null;
        }
        return value.isValueNode() ? value.asText() : null;
    }

    /**
     * The exact decimal of a JSON number or of a numeric string ({@code "0.00024000"}, {@code "1e-8"}), or
     * null when the field is absent or JSON null.
     *
     * @throws BadFieldException for anything else ({@code "NaN"}, {@code ""}, an object), with {@code reason}
     */
    public static BigDecimal decimal(JsonNode node, String name, Reason reason) throws BadFieldException {
        JsonNode value = field(node, name);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            // floats are BigDecimal already (USE_BIG_DECIMAL_FOR_FLOATS); integers are exact too
            return value.decimalValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new BadFieldException(reason, name + " " + quote(value.textValue()) + " is not a decimal number");
            }
        }
        throw new BadFieldException(reason, name + " must be a number or a numeric string, got " + quote(value.toString()));
    }

    /** Like {@link #decimal} but required: absent or null is a {@link BadFieldException} too. */
    public static BigDecimal requiredDecimal(JsonNode node, String name, Reason reason) throws BadFieldException {
        BigDecimal value = decimal(node, name, reason);
        if (value == null) {
            throw new BadFieldException(reason, name + " is missing or null");
        }
        return value;
    }

    /** The nearest double of an exact decimal (correctly rounded, unlike some JDKs' BigDecimal.doubleValue). */
    public static double toDouble(BigDecimal value) {
        return Double.parseDouble(value.toString());
    }

    /** {@link #toDouble} of a nullable decimal. */
    public static Double toDoubleOrNull(BigDecimal value) {
        return value == null ? null : toDouble(value);
    }

    /** An integer field of epoch milliseconds (a JSON integer or an integral numeric string). */
    public static long epochMillis(JsonNode node, String name) throws BadFieldException {
        JsonNode value = field(node, name);
        if (value == null) {
            throw new BadFieldException(Reason.INVALID_EVENT_TIME, name + " is missing or null");
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.textValue());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new BadFieldException(Reason.INVALID_EVENT_TIME,
                name + " must be integer epoch milliseconds, got " + quote(value.toString()));
    }

    /** An ISO-8601 instant field ({@code 2023-02-09T20:30:37.167359596Z}). */
    public static Instant instant(JsonNode node, String name) throws BadFieldException {
        String text = text(node, name);
        if (text == null) {
            throw new BadFieldException(Reason.INVALID_EVENT_TIME, name + " is missing or null");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadFieldException(Reason.INVALID_EVENT_TIME, name + " " + quote(text) + " is not an ISO-8601 instant");
        }
    }

    /** Nanoseconds since the epoch of an instant, as text: a unique, stable id part for quotes. */
    public static String epochNanos(Instant instant) {
        return instant.getEpochSecond() + String.format("%09d", instant.getNano());
    }

    /** A value for a message, cut short. */
    public static String quote(String value) {
        String text = value.length() <= 40 ? value : value.substring(0, 40) + "…";
        return "\"" + text + "\"";
    }
}
