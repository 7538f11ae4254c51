package io.coinpulse.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The canonical tick's schema against ../shared/datasets/ticks-sample.jsonl, whose invalid lines are documented. */
class TickSchemaContractTest {

    private static final int LINES = 7_315;
    private static final int INVALID = 37;

    @Test
    void everyValidLineOfTheSampleConforms() throws IOException {
        List<String> lines = Files.readAllLines(dataset(), StandardCharsets.UTF_8);
        Map<Integer, String> invalid = expectedViolations();
        assertThat(lines).hasSize(LINES);
        assertThat(invalid).hasSize(INVALID);

        int conforming = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!invalid.containsKey(i + 1)) {
                assertThat(TopicSchema.TICK.validate(lines.get(i))).as("line %d", i + 1).isEmpty();
                conforming++;
            }
        }
        assertThat(conforming).isEqualTo(LINES - INVALID);
    }

    @Test
    void everyInvalidLineOfTheSampleFailsWithTheExpectedKeyword() throws IOException {
        List<String> lines = Files.readAllLines(dataset(), StandardCharsets.UTF_8);
        for (Map.Entry<Integer, String> expected : expectedViolations().entrySet()) {
            String line = lines.get(expected.getKey() - 1);
            if (expected.getValue().equals("- -")) {
                assertThatThrownBy(() -> TopicSchema.TICK.validate(line)).as("line %d", expected.getKey())
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not JSON: ");
            } else {
                assertThat(Violations.of(TopicSchema.TICK.validate(line))).as("line %d", expected.getKey())
                        .isEqualTo(Set.of(expected.getValue()));
            }
        }
    }

    @Test
    void aTradeNeedsASizeAndAQuoteHasNone() {
        String trade = "{\"source\":\"binance\",\"kind\":\"trade\",\"asset\":\"BTC\",\"price\":68000.5,"
                + "\"eventTime\":1772323200231,\"id\":\"binance:BTC:1\"}";
        String quote = "{\"source\":\"coincap\",\"kind\":\"quote\",\"asset\":\"BTC\",\"price\":68000.5,\"size\":1.0,"
                + "\"eventTime\":1772323200231,\"id\":\"coincap:BTC:1772323200231\"}";
        assertThat(Violations.of(TopicSchema.TICK.validate(trade))).containsExactly("required size");
        assertThat(Violations.of(TopicSchema.TICK.validate(quote))).containsExactly("not ");
        assertThat(TopicSchema.TICK.validate(quote.replace("\"size\":1.0,", "\"volume24h\":1.5E9,"))).isEmpty();
    }

    /** Line number → {@code keyword field}, {@code - -} for a line that is not JSON. */
    private static Map<Integer, String> expectedViolations() throws IOException {
        try (InputStream in = TickSchemaContractTest.class.getResourceAsStream("ticks-sample.invalid.csv")) {
            Map<Integer, String> expected = new TreeMap<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#") && !l.startsWith("line,") && !l.isBlank())
                    .map(l -> l.split(","))
                    .forEach(cells -> expected.put(Integer.parseInt(cells[0]), cells[1] + " " + cells[2]));
            return expected;
        }
    }

    /** The dataset beside the project, found by walking up from the working directory. */
    private static Path dataset() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/datasets/ticks-sample.jsonl");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/datasets/ticks-sample.jsonl not found");
    }
}
