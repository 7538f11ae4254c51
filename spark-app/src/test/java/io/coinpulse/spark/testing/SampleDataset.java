package io.coinpulse.spark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code ../shared/datasets/ticks-sample.*}, read by the tests on their own (Jackson and plain
 * Java, none of the job's code): which lines are valid ticks, and the expected 1-minute windows.
 */
public final class SampleDataset {

    /** {@code /work/shared} beside the repository; surefire runs in the module directory. */
    public static final Path SHARED = Path.of("..", "..", "shared").toAbsolutePath().normalize();
    public static final Path TICKS = SHARED.resolve("datasets/ticks-sample.jsonl");
    public static final Path EXPECTED_1M = SHARED.resolve("datasets/ticks-sample.expected-1m.csv");

    public static final long MINUTE = 60_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ASSET = Pattern.compile("[A-Z0-9]{1,20}");

    private SampleDataset() {
    }

    /** One expected window: the CSV's columns, plus the population standard deviation computed here. */
    public record Window(String source, String asset, long windowStart, double open, double high, double low,
            double close, long tickCount, long tradeCount, double volumeBase, double volumeQuote, Double vwap,
            double avgPrice, double pctChange, double priceStddev) {

        public String key() {
            return source + "/" + asset + "/" + windowStart;
        }
    }

    public static List<String> lines() {
        try {
            return Files.readAllLines(TICKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines that are valid ticks by SPEC §3, in file order. */
    public static List<String> validLines() {
        return lines().stream().filter(SampleDataset::isValid).toList();
    }

    /** SPEC §3, checked with Jackson. */
    public static boolean isValid(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            return false;
        }
        if (n == null || !n.isObject()) {
            return false;
        }
        String kind = n.path("kind").asText("");
        boolean trade = kind.equals("trade");
        return n.path("source").isTextual() && !n.path("source").asText().isEmpty()
                && (trade || kind.equals("quote"))
                && n.path("asset").isTextual() && ASSET.matcher(n.path("asset").asText()).matches()
                && positiveFinite(n.path("price"))
                && (!trade || positiveFinite(n.path("size")))
                && n.path("eventTime").isIntegralNumber()
                && n.path("id").isTextual() && !n.path("id").asText().isEmpty();
    }

    /** The largest event time among the valid lines. */
    public static long maxEventTime() {
        return validLines().stream().mapToLong(l -> read(l).path("eventTime").asLong()).max().orElseThrow();
    }

    /** The expected windows by {@link Window#key()}, standard deviation from the valid, deduplicated lines. */
    public static Map<String, Window> expected1m() {
        Map<String, List<Double>> prices = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (String line : validLines()) {
            JsonNode n = read(line);
            if (!seen.add(n.path("source").asText() + "|" + n.path("id").asText())) {
                continue;
            }
            long start = Math.floorDiv(n.path("eventTime").asLong(), MINUTE) * MINUTE;
            prices.computeIfAbsent(n.path("source").asText() + "/" + n.path("asset").asText() + "/" + start,
                    k -> new ArrayList<>()).add(n.path("price").asDouble());
        }
        List<String> csv;
        try {
            csv = Files.readAllLines(EXPECTED_1M);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = List.of(csv.get(0).split(","));
        Map<String, Window> out = new LinkedHashMap<>();
        for (String row : csv.subList(1, csv.size())) {
            if (row.isBlank()) {
                continue;
            }
            String[] f = row.split(",", -1);
            Map<String, String> v = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                v.put(header.get(i), f[i]);
            }
            String key = v.get("source") + "/" + v.get("asset") + "/" + v.get("window_start");
            Window w = new Window(v.get("source"), v.get("asset"), Long.parseLong(v.get("window_start")),
                    d(v, "open"), d(v, "high"), d(v, "low"), d(v, "close"), Long.parseLong(v.get("tick_count")),
                    Long.parseLong(v.get("trade_count")), d(v, "volume_base"), d(v, "volume_quote"),
                    v.get("vwap").isEmpty() ? null : d(v, "vwap"), d(v, "avg_price"), d(v, "pct_change"),
                    populationStddev(prices.getOrDefault(key, List.of())));
            out.put(key, w);
        }
        return out;
    }

    private static double populationStddev(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
        double squares = values.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return Math.sqrt(squares / values.size());
    }

    private static double d(Map<String, String> v, String column) {
        return Double.parseDouble(v.get(column));
    }

    private static boolean positiveFinite(JsonNode n) {
        return n.isNumber() && Double.isFinite(n.asDouble()) && n.asDouble() > 0;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
