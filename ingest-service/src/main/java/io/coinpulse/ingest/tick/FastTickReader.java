package io.coinpulse.ingest.tick;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;

/**
 * The fast path of canonical-tick validation: one pass of Jackson's streaming parser straight into a {@link Tick},
 * without a tree. It only ever <em>accepts</em>: a line it takes is one {@link TickValidator#validate(String)}
 * finds valid, with the same tick; anything else — a broken rule, a JSON error, a duplicate or unexpected
 * field, a nested value, a number it would have to round differently — makes it return null, and the caller
 * takes the tree path, which gives every rejection its reason and detail exactly as before.
 */
public final class FastTickReader {

    /**
     * Without Jackson's duplicate detection (a set of names per object, a tenth of a replay's allocations): this
     * reader marks each field it has seen and gives up on the second of any name, so a duplicate never passes.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // FastDoubleParser: the same correctly rounded double as Double.parseDouble, several times faster
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final int SOURCE = 1;
    private static final int KIND = 1 << 1;
    private static final int ASSET = 1 << 2;
    private static final int QUOTE = 1 << 3;
    private static final int PRICE = 1 << 4;
    private static final int SIZE = 1 << 5;
    private static final int VOLUME = 1 << 6;
    private static final int CAP = 1 << 7;
    private static final int EVENT_TIME = 1 << 8;
    private static final int INGEST_TIME = 1 << 9;
    private static final int ID = 1 << 10;

    private FastTickReader() {
    }

    /** The valid tick {@code raw} is, or null when the tree path must decide (see the class comment). */
    public static Tick read(String raw) {
        try (JsonParser p = FACTORY.createParser(raw)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Tick read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int seen = 0;
        String source = null;
        Kind kind = null;
        String asset = null;
        String quote = null;
        double price = 0;
        Double size = null;
        Double volume = null;
        Double cap = null;
        long eventTime = 0;
        String id = null;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit = bit(name);
            if (bit == 0 || (seen & bit) != 0) {
                return null; // an unknown or repeated field: the tree path reads it (and its duplicates rule)
            }
            seen |= bit;
            switch (bit) {
                case SOURCE -> {
                    source = text(p, value);
                    if (source == null || source.isBlank()) {
                        return null;
                    }
                }
                case KIND -> {
                    String code = text(p, value);
                    kind = code == null ? null : Kind.fromCode(code).orElse(null);
                    if (kind == null) {
                        return null;
                    }
                }
                case ASSET -> {
                    asset = symbol(p, value);
                    if (asset == null) {
                        return null;
                    }
                }
                case QUOTE -> {
                    if (value != JsonToken.VALUE_NULL) {
                        quote = symbol(p, value);
                        if (quote == null) {
                            return null;
                        }
                    }
                }
                case PRICE -> {
                    Double number = number(p, value);
                    if (number == null || !(number > 0)) {
                        return null;
                    }
                    price = number;
                }
                case SIZE -> {
                    if (value != JsonToken.VALUE_NULL) {
                        size = number(p, value);
                        if (size == null || !(size > 0)) {
                            return null;
                        }
                    }
                }
                case VOLUME -> {
                    if (value != JsonToken.VALUE_NULL) {
                        volume = number(p, value);
                        if (volume == null || !(volume >= 0)) {
                            return null;
                        }
                    }
                }
                case CAP -> {
                    if (value != JsonToken.VALUE_NULL) {
                        cap = number(p, value);
                        if (cap == null || !(cap >= 0)) {
                            return null;
                        }
                    }
                }
                case EVENT_TIME -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || !fitsLong(p)) {
                        return null;
                    }
                    eventTime = p.getLongValue();
                    if (eventTime <= 0) {
                        return null;
                    }
                }
                case INGEST_TIME -> {
                    if (value.isStructStart()) {
                        return null; // ignored, but its content is the tree path's to check
                    }
                }
                case ID -> {
                    id = text(p, value);
                    if (id == null || id.isBlank()) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
            return null;
        }
        if (source == null || kind == null || asset == null || (seen & PRICE) == 0 || (seen & EVENT_TIME) == 0
                || id == null) {
            return null;
        }
        if (kind == Kind.TRADE ? size == null : size != null) {
            return null;
        }
        return new Tick(source, kind, asset, quote, price, size, volume, cap, eventTime, null, id);
    }

    private static int bit(String name) {
        return switch (name) {
            case "source" -> SOURCE;
            case "kind" -> KIND;
            case "asset" -> ASSET;
            case "quote" -> QUOTE;
            case "price" -> PRICE;
            case "size" -> SIZE;
            case "volume24h" -> VOLUME;
            case "marketCap" -> CAP;
            case "eventTime" -> EVENT_TIME;
            case "ingestTime" -> INGEST_TIME;
            case "id" -> ID;
            default -> 0;
        };
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    private static String symbol(JsonParser p, JsonToken value) throws IOException {
        String text = text(p, value);
        return text != null && TickValidator.isSymbol(text) ? text : null;
    }

    /**
     * A finite number as the tree path reads it: floats as Jackson's double of their text, integers of int or long
     * range converted exactly as a long's double; anything else (a string, a big integer, an overflow) null.
     */
    private static Double number(JsonParser p, JsonToken value) throws IOException {
        double d;
        if (value == JsonToken.VALUE_NUMBER_FLOAT) {
            d = p.getDoubleValue();
        } else if (value == JsonToken.VALUE_NUMBER_INT && fitsLong(p)) {
            d = p.getLongValue();
        } else {
            return null;
        }
        return Double.isFinite(d) ? d : null;
    }

    private static boolean fitsLong(JsonParser p) throws IOException {
        JsonParser.NumberType type = p.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
    }
}
