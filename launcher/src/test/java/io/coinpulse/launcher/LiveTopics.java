package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What {@code crypto.ticks} and the DLQ hold after a live stream from {@link FakeBinance}, by {@code (source, id)}, and
 * how often: a dead letter's id is that of the invalid trade it carries.
 */
record LiveTopics(Map<String, JsonNode> ticks, Map<String, JsonNode> deadLetters, Map<String, Integer> copies) {

    static LiveTopics read(ClusterRun run) {
        Map<String, JsonNode> ticks = new HashMap<>();
        Map<String, JsonNode> deadLetters = new HashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        for (ConsumerRecord<String, String> r : run.probe.readAll("crypto.ticks")) {
            JsonNode tick = json(run, r.value());
            assertThat(r.key()).as("the key of %s", r.value()).isEqualTo(tick.path("asset").asText());
            String id = tick.path("id").asText();
            JsonNode earlier = ticks.put(id, tick);
            assertThat(earlier == null || earlier.equals(tick)).as("copies of %s alike", id).isTrue();
            copies.merge(id, 1, Integer::sum);
        }
        for (ConsumerRecord<String, String> r : run.probe.readAll("crypto.ticks.dlq")) {
            JsonNode letter = json(run, r.value());
            JsonNode trade = json(run, letter.path("payload").asText()).path("data");
            String id = "binance:" + trade.path("s").asText() + ":" + trade.path("t").asText();
            JsonNode earlier = deadLetters.put(id, letter);
            assertThat(earlier == null || earlier.equals(letter)).as("copies of %s alike", id).isTrue();
            copies.merge(id, 1, Integer::sum);
        }
        return new LiveTopics(ticks, deadLetters, copies);
    }

    /** Whether the record ingest makes of {@code sent} is in its topic. */
    boolean holds(FakeBinance.Sent sent) {
        return sent.valid() ? ticks.containsKey(sent.id()) : deadLetters.containsKey(sent.id());
    }

    /**
     * Every tick is one the exchange sent, valid, with its values; every dead letter an invalid trade it sent,
     * rejected for its price; none more than twice. Returns the records published twice.
     */
    int assertEachSent(Map<String, FakeBinance.Sent> sent) {
        assertThat(copies).as("records by (source, id) more than twice")
                .allSatisfy((id, n) -> assertThat(n).as(id).isLessThanOrEqualTo(2));
        ticks.forEach((id, tick) -> {
            FakeBinance.Sent s = sent.get(id);
            assertThat(s).as("tick %s sent by the exchange", id).isNotNull();
            assertThat(s.valid()).as("%s valid", id).isTrue();
            assertThat(tick.path("source").asText()).isEqualTo("binance");
            assertThat(tick.path("kind").asText()).as(id).isEqualTo(s.kind());
            assertThat(tick.path("asset").asText()).as(id).isEqualTo(s.asset());
            assertThat(tick.path("quote").asText()).as(id).isEqualTo("USDT");
            assertThat(tick.path("price").asDouble()).as(id).isEqualTo(s.price());
            assertThat(tick.path("eventTime").asLong()).as(id).isEqualTo(s.eventTime());
            if (s.size() == null) {
                assertThat(tick.has("size")).as("%s has no size", id).isFalse();
            } else {
                assertThat(tick.path("size").asDouble()).as(id).isEqualTo(s.size());
            }
        });
        deadLetters.forEach((id, letter) -> {
            FakeBinance.Sent s = sent.get(id);
            assertThat(s).as("dead letter %s sent by the exchange", id).isNotNull();
            assertThat(s.valid()).as("%s invalid", id).isFalse();
            assertThat(letter.path("source").asText()).isEqualTo("binance");
            assertThat(letter.path("reason").asText()).as(id).isEqualTo("invalid_price");
        });
        return (int) copies.values().stream().filter(n -> n == 2).count();
    }

    private static JsonNode json(ClusterRun run, String text) {
        try {
            return run.probe.json().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
