package io.coinpulse.ingest.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutates a real frame the way broken or hostile sources do: flipped and deleted characters, inserted unicode,
 * a dropped field, a value of another type, huge or tiny numbers, deep nesting. Text-level mutations may leave
 * invalid JSON; tree-level ones keep it valid JSON so the parsers' field handling is reached.
 */
public final class FrameMutator {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Strange but legal text: combining marks, RTL, astral-plane emoji, an unpaired surrogate, NUL, BOM. */
    private static final String[] UNICODE = {"\u0301", "\u202e", "\ud83d\ude80", "\ud800", "\u0000", "\ufeff", "ß",
        "日本", "\u00a0", "\\u0000", "\"", "\\", "\n"};

    /** Numbers at and beyond the edges of double, long and Jackson's limits. */
    private static final String[] NUMBERS = {"0", "-0", "-1", "1e400", "-1e400", "1e-400", "4.9e-324",
        "1.7976931348623157e308", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "0.000000000000000000000000000000000000001", "1" + "0".repeat(400), "1e2147483648", "1e-2147483649",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e99999999999\"", "\"\"", "\" 1 \"", "\"0x10\"", "1.0"};

    private FrameMutator() {
    }

    /** One to three random mutations of {@code frame}. */
    public static String mutate(String frame, Random random) {
        String text = frame;
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            text = once(text, random);
        }
        return text;
    }

    private static String once(String text, Random random) {
        switch (random.nextInt(9)) {
            case 0:
                return replaceChar(text, random);
            case 1:
                return deleteRange(text, random);
            case 2:
                return insert(text, random, UNICODE[random.nextInt(UNICODE.length)]);
            case 3:
                return nest(text, random);
            default:
                return tree(text, random);
        }
    }

    private static String replaceChar(String text, Random random) {
        if (text.isEmpty()) {
            return String.valueOf((char) random.nextInt(0x10000));
        }
        int at = random.nextInt(text.length());
        char[] printable = "{}[]\":,0123456789.-eE nulltruefalse\\".toCharArray();
        char replacement = random.nextBoolean() ? printable[random.nextInt(printable.length)]
                : (char) random.nextInt(0x10000);
        return text.substring(0, at) + replacement + text.substring(at + 1);
    }

    private static String deleteRange(String text, Random random) {
        if (text.isEmpty()) {
            return text;
        }
        int from = random.nextInt(text.length());
        int to = Math.min(text.length(), from + 1 + random.nextInt(Math.max(1, text.length() / 4)));
        return text.substring(0, from) + text.substring(to);
    }

    private static String insert(String text, Random random, String piece) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        return text.substring(0, at) + piece + text.substring(at);
    }

    /** The frame wrapped in, or a value replaced by, arrays or objects nested hundreds to thousands deep. */
    private static String nest(String text, Random random) {
        int depth = 100 + random.nextInt(3000);
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"data\":";
        String close = arrays ? "]" : "}";
        return open.repeat(depth) + text + close.repeat(depth);
    }

    private static String tree(String text, Random random) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return replaceChar(text, random);
        }
        if (root == null || !root.isContainerNode()) {
            return replaceChar(text, random);
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target.isEmpty()) {
            return text;
        }
        int index = random.nextInt(target.size());
        int op = random.nextInt(4);
        if (target instanceof ObjectNode object) {
            String field = new ArrayList<>(iterable(object)).get(index);
            if (op == 0) {
                object.remove(field);
            } else {
                object.set(field, replacement(object.get(field), random));
            }
        } else if (target instanceof ArrayNode array) {
            if (op == 0) {
                array.remove(index);
            } else {
                array.set(index, replacement(array.get(index), random));
            }
        }
        String json = root.toString();
        // a number token Jackson cannot hold as a node is spliced in as text
        String marker = "\"@@NUMBER@@\"";
        while (json.contains(marker)) {
            json = json.replaceFirst(java.util.regex.Pattern.quote(marker),
                    java.util.regex.Matcher.quoteReplacement(NUMBERS[random.nextInt(NUMBERS.length)]));
        }
        return json;
    }

    /** A value of another type, or of the same type at an edge. */
    private static JsonNode replacement(JsonNode old, Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.booleanNode(random.nextBoolean());
            case 2:
                return NODES.textNode("@@NUMBER@@");
            case 3:
                return NODES.textNode(old.isValueNode() ? old.asText() + UNICODE[random.nextInt(UNICODE.length)]
                        : UNICODE[random.nextInt(UNICODE.length)]);
            case 4:
                return old.isTextual() ? NODES.numberNode(random.nextLong()) : NODES.textNode(old.toString());
            case 5:
                return NODES.arrayNode().add(old);
            case 6:
                return NODES.objectNode().set("x", old);
            default:
                return NODES.textNode("x".repeat(random.nextInt(5000)));
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    private static List<String> iterable(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
