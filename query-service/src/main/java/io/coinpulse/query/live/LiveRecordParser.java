package io.coinpulse.query.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.query.store.Alert;
import io.coinpulse.query.store.WindowMetrics;
import java.util.regex.Pattern;

/**
 * Reads the values of {@code crypto.metrics} and {@code crypto.alerts} (docs/CONTRACTS.md) and checks
 * them: a record that is not what the contract says is rejected with a reason, never passed on to
 * the clients half-filled. Unknown fields are ignored.
 */
public final class LiveRecordParser {

    /** Why a record was not passed on: {@code reason} is a low-cardinality code for the metric tag. */
    public static final class RejectedRecord extends Exception {

        private final String reason;

        RejectedRecord(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** Every reason a record can be rejected for. */
    public static final java.util.List<String> REASONS = java.util.List.of("malformed_json", "missing_field",
            "invalid_field", "invalid_window");

    private static final Pattern ASSET = Pattern.compile("[A-Z0-9]{1,20}");

    private final ObjectMapper json;

    public LiveRecordParser(ObjectMapper json) {
        this.json = json;
    }

    /** A window update of {@code crypto.metrics}. */
    public WindowUpdate window(String value) throws RejectedRecord {
        JsonNode node = tree(value);
        WindowMetrics metrics = new WindowMetrics(integer(node, "windowStart"), integer(node, "windowEnd"),
                number(node, "open"), number(node, "high"), number(node, "low"), number(node, "close"),
                number(node, "avgPrice"), nullableNumber(node, "vwap"), number(node, "volumeBase"),
                number(node, "volumeQuote"), integer(node, "tickCount"), integer(node, "tradeCount"),
                number(node, "priceStddev"), number(node, "pctChange"), bool(node, "final"));
        if (metrics.windowEnd() <= metrics.windowStart()) {
            throw new RejectedRecord("invalid_window", "windowEnd " + metrics.windowEnd() + " is not after windowStart "
                    + metrics.windowStart());
        }
        return new WindowUpdate(text(node, "source"), asset(node), text(node, "size"), metrics);
    }

    /** An alert of {@code crypto.alerts}. */
    public Alert alert(String value) throws RejectedRecord {
        JsonNode node = tree(value);
        String kind = text(node, "kind");
        if (!Alert.KINDS.contains(kind)) {
            throw new RejectedRecord("invalid_field", "kind must be one of " + Alert.KINDS + "; got '" + kind + "'");
        }
        return new Alert(text(node, "alertId"), text(node, "source"), asset(node), integer(node, "windowStart"), kind,
                number(node, "value"), number(node, "zscore"), number(node, "threshold"), integer(node, "detectedAt"),
                text(node, "message"));
    }

    private JsonNode tree(String value) throws RejectedRecord {
        if (value == null) {
            throw new RejectedRecord("malformed_json", "the record has no value");
        }
        try {
            JsonNode node = json.readTree(value);
            if (node == null || !node.isObject()) {
                throw new RejectedRecord("malformed_json", "the value is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new RejectedRecord("malformed_json", "the value is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String asset(JsonNode node) throws RejectedRecord {
        String asset = text(node, "asset");
        if (!ASSET.matcher(asset).matches()) {
            throw new RejectedRecord("invalid_field", "asset must match [A-Z0-9]{1,20}; got '" + shorten(asset) + "'");
        }
        return asset;
    }

    private static String text(JsonNode node, String field) throws RejectedRecord {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new RejectedRecord("missing_field", field + " must be a non-empty string");
        }
        return v.asText();
    }

    private static long integer(JsonNode node, String field) throws RejectedRecord {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new RejectedRecord("missing_field", field + " must be an integer");
        }
        return v.asLong();
    }

    private static double number(JsonNode node, String field) throws RejectedRecord {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new RejectedRecord("missing_field", field + " must be a finite number");
        }
        return v.asDouble();
    }

    private static Double nullableNumber(JsonNode node, String field) throws RejectedRecord {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : number(node, field);
    }

    private static boolean bool(JsonNode node, String field) throws RejectedRecord {
        JsonNode v = node.get(field);
        if (v == null || !v.isBoolean()) {
            throw new RejectedRecord("missing_field", field + " must be true or false");
        }
        return v.asBoolean();
    }

    private static String shorten(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
