package io.coinpulse.ingest.tick;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rules of SPEC §3, checked in the order of its table (source, kind, asset, quote, price, size,
 * eventTime, id), so a record breaking several rules is rejected for the first one. Unknown fields are
 * ignored; an {@code ingestTime} in the input is ignored too (ingest sets it).
 *
 * <p>Numbers are read exactly: a JSON number's double value is Java's correctly rounded
 * {@code Double.parseDouble} of its text, never a detour through float or a lossy conversion.
 * Strings never count as numbers ({@code "NaN"}, {@code "1.5"}), and {@code eventTime} must be an
 * integer token ({@code 1.0} is not).
 *
 * <p>Beyond the table, where SPEC §3 is silent: {@code eventTime} must be positive; a quote must not carry
 * a {@code size} (SPEC: "quotes: absent"); optional {@code volume24h}/{@code marketCap}, when present and not
 * null, must be finite and ≥ 0 (rejected as {@code invalid_price}: they are quote-currency amounts).
 * Explicit {@code null} counts as absent.
 */
public final class TickValidator {

    /** The longest asset or quote-currency symbol. */
    private static final int MAX_SYMBOL_LENGTH = 20;

    private static final int MAX_QUOTED = 40;

    /** Strict JSON: no comments, no NaN tokens, no duplicate keys, nothing after the object. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private TickValidator() {
    }

    /**
     * Parses one canonical tick (one JSON Lines line, one Kafka value) and checks every rule: a well-formed valid
     * tick in one streaming pass ({@link FastTickReader}), anything else through the tree and the rules in order.
     */
    public static TickResult validate(String raw) {
        Tick fast = FastTickReader.read(raw);
        return fast != null ? new TickResult.Valid(fast) : validateTree(raw);
    }

    /** {@link #validate(String)} through the tree alone, the reference the fast path must agree with. */
    public static TickResult validateTree(String raw) {
        ObjectNode node;
        try {
            node = readObject(raw);
        } catch (MalformedJsonException e) {
            return new TickResult.Invalid(null, Reason.MALFORMED_JSON, e.getMessage(), raw);
        }
        return validate(node, raw);
    }

    /** Checks every rule on an already parsed object; {@code raw} is the text it came from, for the DLQ. */
    public static TickResult validate(ObjectNode node, String raw) {
        JsonNode sourceNode = present(node, "source");
        if (sourceNode == null || !sourceNode.isTextual() || sourceNode.textValue().isBlank()) {
            return new TickResult.Invalid(null, Reason.MISSING_SOURCE,
                    sourceNode == null ? "source is missing" : "source must be a non-empty string", raw);
        }
        String source = sourceNode.textValue();

        JsonNode kindNode = present(node, "kind");
        Kind kind = kindNode != null && kindNode.isTextual() ? Kind.fromCode(kindNode.textValue()).orElse(null) : null;
        if (kind == null) {
            return invalid(source, Reason.INVALID_KIND, kindNode == null ? "kind is missing"
                    : "kind must be \"trade\" or \"quote\", got " + quoted(kindNode), raw);
        }

        JsonNode assetNode = present(node, "asset");
        if (assetNode == null) {
            return invalid(source, Reason.INVALID_ASSET, "asset is missing", raw);
        }
        if (!isSymbol(assetNode)) {
            return invalid(source, Reason.INVALID_ASSET, "asset must match ^[A-Z0-9]{1,20}$, got " + quoted(assetNode),
                    raw);
        }

        JsonNode quoteNode = present(node, "quote");
        if (quoteNode != null && !isSymbol(quoteNode)) {
            return invalid(source, Reason.INVALID_QUOTE, "quote must match ^[A-Z0-9]{1,20}$, got " + quoted(quoteNode),
                    raw);
        }

        JsonNode priceNode = present(node, "price");
        if (priceNode == null) {
            return invalid(source, Reason.INVALID_PRICE, "price is missing", raw);
        }
        if (!isPositiveFinite(priceNode)) {
            return invalid(source, Reason.INVALID_PRICE, "price must be a finite JSON number > 0, got " + quoted(priceNode),
                    raw);
        }

        JsonNode sizeNode = present(node, "size");
        if (kind == Kind.TRADE && sizeNode == null) {
            return invalid(source, Reason.INVALID_SIZE, "a trade needs a size", raw);
        }
        if (kind == Kind.TRADE && !isPositiveFinite(sizeNode)) {
            return invalid(source, Reason.INVALID_SIZE, "size must be a finite JSON number > 0, got " + quoted(sizeNode),
                    raw);
        }
        if (kind == Kind.QUOTE && sizeNode != null) {
            return invalid(source, Reason.INVALID_SIZE, "a quote carries no size", raw);
        }

        for (String amount : new String[] {"volume24h", "marketCap"}) {
            JsonNode amountNode = present(node, amount);
            if (amountNode != null && !isNonNegativeFinite(amountNode)) {
                return invalid(source, Reason.INVALID_PRICE,
                        amount + " must be a finite JSON number >= 0, got " + quoted(amountNode), raw);
            }
        }

        JsonNode timeNode = present(node, "eventTime");
        if (timeNode == null) {
            return invalid(source, Reason.INVALID_EVENT_TIME, "eventTime is missing", raw);
        }
        if (!timeNode.isIntegralNumber() || !timeNode.canConvertToLong() || timeNode.longValue() <= 0) {
            return invalid(source, Reason.INVALID_EVENT_TIME,
                    "eventTime must be a positive integer of epoch milliseconds, got " + quoted(timeNode), raw);
        }

        JsonNode idNode = present(node, "id");
        if (idNode == null || !idNode.isTextual() || idNode.textValue().isBlank()) {
            return invalid(source, Reason.MISSING_ID,
                    idNode == null ? "id is missing" : "id must be a non-empty string, got " + quoted(idNode), raw);
        }

        return new TickResult.Valid(new Tick(source, kind, assetNode.textValue(),
                quoteNode == null ? null : quoteNode.textValue(),
                priceNode.doubleValue(),
                sizeNode == null ? null : sizeNode.doubleValue(),
                doubleOrNull(present(node, "volume24h")),
                doubleOrNull(present(node, "marketCap")),
                timeNode.longValue(), null, idNode.textValue()));
    }

    /**
     * The same rules on a tick a connector's parser built from a raw frame; {@code payload} is that frame,
     * for the DLQ.
     */
    public static TickResult check(Tick tick, String payload) {
        String source = tick.source() == null || tick.source().isBlank() ? null : tick.source();
        Reason reason = null;
        String detail = null;
        if (source == null) {
            reason = Reason.MISSING_SOURCE;
            detail = "source must be a non-empty string";
        } else if (tick.kind() == null) {
            reason = Reason.INVALID_KIND;
            detail = "kind is missing";
        } else if (tick.asset() == null || !isSymbol(tick.asset())) {
            reason = Reason.INVALID_ASSET;
            detail = "asset must match ^[A-Z0-9]{1,20}$, got " + quoted(tick.asset());
        } else if (tick.quote() != null && !isSymbol(tick.quote())) {
            reason = Reason.INVALID_QUOTE;
            detail = "quote must match ^[A-Z0-9]{1,20}$, got " + quoted(tick.quote());
        } else if (!(Double.isFinite(tick.price()) && tick.price() > 0)) {
            reason = Reason.INVALID_PRICE;
            detail = "price must be finite and > 0, got " + tick.price();
        } else if (tick.kind() == Kind.TRADE && (tick.size() == null || !(Double.isFinite(tick.size()) && tick.size() > 0))) {
            reason = Reason.INVALID_SIZE;
            detail = "a trade needs a finite size > 0, got " + tick.size();
        } else if (tick.kind() == Kind.QUOTE && tick.size() != null) {
            reason = Reason.INVALID_SIZE;
            detail = "a quote carries no size";
        } else if (tick.volume24h() != null && !(Double.isFinite(tick.volume24h()) && tick.volume24h() >= 0)) {
            reason = Reason.INVALID_PRICE;
            detail = "volume24h must be finite and >= 0, got " + tick.volume24h();
        } else if (tick.marketCap() != null && !(Double.isFinite(tick.marketCap()) && tick.marketCap() >= 0)) {
            reason = Reason.INVALID_PRICE;
            detail = "marketCap must be finite and >= 0, got " + tick.marketCap();
        } else if (tick.eventTime() <= 0) {
            reason = Reason.INVALID_EVENT_TIME;
            detail = "eventTime must be a positive epoch millisecond, got " + tick.eventTime();
        } else if (tick.id() == null || tick.id().isBlank()) {
            reason = Reason.MISSING_ID;
            detail = "id must be a non-empty string";
        }
        return reason == null ? new TickResult.Valid(tick) : new TickResult.Invalid(source, reason, detail, payload);
    }

    /** Parses text that must be exactly one JSON object (strict JSON, no duplicate keys, nothing after it). */
    public static ObjectNode readObject(String raw) throws MalformedJsonException {
        JsonNode node;
        try {
            node = MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("not valid JSON: " + firstLine(e.getOriginalMessage()) + " at column "
                    + (e.getLocation() == null ? "?" : Long.toString(e.getLocation().getColumnNr())));
        }
        if (node == null || node.isMissingNode()) {
            throw new MalformedJsonException("empty text, not a JSON object");
        }
        if (!node.isObject()) {
            throw new MalformedJsonException("a JSON " + node.getNodeType().name().toLowerCase() + ", not an object");
        }
        return (ObjectNode) node;
    }

    /** The field's node, or null when it is absent or JSON null. */
    static JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static boolean isSymbol(JsonNode node) {
        return node.isTextual() && isSymbol(node.textValue());
    }

    /**
     * Whether {@code text} is an asset or quote-currency symbol, {@code ^[A-Z0-9]{1,20}$}. A loop rather than a regex:
     * every tick checks one or two, and a {@code Matcher} per check was a tenth of a replay's allocations.
     */
    public static boolean isSymbol(String text) {
        int length = text.length();
        if (length == 0 || length > MAX_SYMBOL_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPositiveFinite(JsonNode node) {
        return node.isNumber() && Double.isFinite(node.doubleValue()) && node.doubleValue() > 0;
    }

    private static boolean isNonNegativeFinite(JsonNode node) {
        return node.isNumber() && Double.isFinite(node.doubleValue()) && node.doubleValue() >= 0;
    }

    private static Double doubleOrNull(JsonNode node) {
        return node == null ? null : node.doubleValue();
    }

    private static TickResult.Invalid invalid(String source, Reason reason, String detail, String raw) {
        return new TickResult.Invalid(source, reason, detail, raw);
    }

    /** The offending value as JSON, cut short. */
    private static String quoted(Object value) {
        String text = value instanceof JsonNode node ? node.toString() : String.valueOf(value);
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
