package io.coinpulse.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coinpulse.contracts.TopicSchema;
import io.coinpulse.query.testing.LiveRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The live stream's input agrees with the contracts module's schemas of {@code crypto.metrics} and
 * {@code crypto.alerts}: what the parser accepts conforms, and a record without a field, or with a field of another
 * type, is rejected by the schema exactly when the parser rejects it. A schema change that breaks this consumer, or
 * a parser change that breaks the contract, fails here.
 */
class LiveRecordContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LiveRecordParser PARSER = new LiveRecordParser(JSON);

    /** A consumer of one topic: its schema and the parser's method for it. */
    private record Topic(TopicSchema schema, Parse parse) {
        @Override
        public String toString() {
            return schema.topic();
        }
    }

    @FunctionalInterface
    private interface Parse {
        Object apply(String value) throws LiveRecordParser.RejectedRecord;
    }

    private static final Topic METRICS = new Topic(TopicSchema.WINDOW_UPDATE, PARSER::window);
    private static final Topic ALERTS = new Topic(TopicSchema.ALERT, PARSER::alert);

    static Stream<Arguments> acceptedRecords() throws IOException {
        return Stream.of(
                Arguments.of(METRICS, JSON.readTree(LiveRecordParserTest.WINDOW)),
                Arguments.of(METRICS, LiveRecords.window("ETH", 1772323200000L, 3500.5, 3490.25, false)),
                Arguments.of(METRICS, LiveRecords.window("coinbase", "SOL", "5m", 1772323200000L, 142.1, 143.9, true)),
                Arguments.of(METRICS, LiveRecords.window("BTC", 1772323260000L, 68101.9, 68101.9, true).putNull("vwap")),
                Arguments.of(ALERTS, JSON.readTree(LiveRecordParserTest.ALERT)),
                Arguments.of(ALERTS, LiveRecords.alert("BTC", 1772323200000L, "price_move", 4.25, 1772323262000L)),
                Arguments.of(ALERTS, LiveRecords.alert("DOGE", 1772323260000L, "volume_spike", -3.5, 1772323322000L)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("acceptedRecords")
    void whatTheParserAcceptsConformsToTheSchema(Topic topic, JsonNode record) throws Exception {
        String value = JSON.writeValueAsString(record);
        assertThat(topic.parse().apply(value)).isNotNull();
        assertThat(topic.schema().validate(value)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("acceptedRecords")
    void aRecordWithoutAFieldIsRejectedByTheSchemaExactlyWhenTheParserRejectsIt(Topic topic, JsonNode record)
            throws Exception {
        Set<String> rejectedByParser = new TreeSet<>();
        Set<String> rejectedBySchema = new TreeSet<>();
        for (String field : fields(record)) {
            ObjectNode without = record.deepCopy();
            without.remove(field);
            String value = JSON.writeValueAsString(without);
            if (!topic.schema().validate(value).isEmpty()) {
                rejectedBySchema.add(field);
            }
            if (rejects(topic, value)) {
                rejectedByParser.add(field);
            }
        }
        assertThat(rejectedBySchema).isEqualTo(rejectedByParser).isEqualTo(required(topic.schema()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("acceptedRecords")
    void aFieldOfAnotherTypeIsRejectedByBoth(Topic topic, JsonNode record) throws Exception {
        JsonNode described = schemaFile(topic.schema()).get("properties");
        for (String field : fields(record)) {
            if (!described.has(field)) {
                continue;
            }
            ObjectNode changed = record.deepCopy();
            if (record.get(field).isTextual()) {
                changed.put(field, 1);
            } else {
                changed.put(field, "1");
            }
            String value = JSON.writeValueAsString(changed);
            assertThat(topic.schema().validate(value)).as(value).isNotEmpty();
            assertThat(rejects(topic, value)).as(value).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("acceptedRecords")
    void anUnknownFieldIsIgnoredByBoth(Topic topic, JsonNode record) throws Exception {
        String value = JSON.writeValueAsString(((ObjectNode) record.deepCopy()).put("addedLater", "x"));
        assertThat(topic.schema().validate(value)).isEmpty();
        assertThat(topic.parse().apply(value)).isNotNull();
    }

    private static boolean rejects(Topic topic, String value) {
        try {
            topic.parse().apply(value);
            return false;
        } catch (LiveRecordParser.RejectedRecord e) {
            assertThat(e.reason()).isIn(LiveRecordParser.REASONS);
            return true;
        }
    }

    private static List<String> fields(JsonNode record) {
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        assertThat(names).isNotEmpty();
        return names;
    }

    /** The fields the schema file lists as required. */
    private static Set<String> required(TopicSchema schema) {
        Set<String> names = new TreeSet<>();
        schemaFile(schema).get("required").forEach(name -> names.add(name.asText()));
        return names;
    }

    private static JsonNode schemaFile(TopicSchema schema) {
        return schema.schema().getSchemaNode();
    }
}
