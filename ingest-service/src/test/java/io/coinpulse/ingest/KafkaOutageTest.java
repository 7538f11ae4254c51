package io.coinpulse.ingest;

import static io.coinpulse.ingest.LiveChecks.await;
import static io.coinpulse.ingest.LiveChecks.awaitReady;
import static io.coinpulse.ingest.TopicReader.metrics;
import static io.coinpulse.ingest.TopicReader.readAll;
import static io.coinpulse.ingest.TopicReader.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.ingest.fake.FakeExchanges;
import io.coinpulse.ingest.fake.FakeExchangesResource;
import io.coinpulse.ingest.journal.Journal;
import io.coinpulse.ingest.tick.Reason;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The broker stopped while a live exchange (the fake Binance stream) streams and while a replay runs: the replay
 * is paused by back-pressure, the live ticks spill to the journal; once the broker is back every accepted tick is
 * on {@code crypto.ticks} exactly once, in order per asset. The outage lasts {@code coinpulse.fault.outage}
 * (ISO-8601, default 3 s; {@code ./coinpulse fault-test} runs it for 5 minutes) and it prints a {@code [result]}
 * line.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.sources", value = "binance,replay"),
        // the sample spans 360 s of event time: 36 s at 10x, so the replay is still running when the broker stops
        @ResourceArg(name = "coinpulse.ingest.replay.speed", value = "10"),
        @ResourceArg(name = "coinpulse.ingest.publish.max-in-flight", value = "64") })
@WithTestResource(value = FakeExchangesResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.binance.silence-timeout", value = "120s") })
class KafkaOutageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the broker stays away: a few seconds here, 5 minutes under {@code -Pfault-long}. */
    private static final Duration OUTAGE = Duration.parse(System.getProperty("coinpulse.fault.outage", "PT3S"));
    private static final String REPLAY_DONE = "\ncoinpulse_ingest_replay_completed 1.0";

    FakeExchanges fakes;
    KafkaBroker broker;

    @Inject
    Journal journal;

    @Test
    void everyAcceptedTickIsPublishedOnceInOrderAfterTheBrokerComesBack() throws Exception {
        awaitReady(List.of("binance"));
        List<String> sent = new ArrayList<>(BinanceTrades.send(fakes.binance(), 1_000_000, 50));
        await("the first live ticks published",
                () -> value(metrics(), "coinpulse_ingest_ticks_published_total{source=\"binance\"}") == 50);

        long stoppedAt = System.nanoTime();
        broker.stop();
        long replayedBefore = value(metrics(), "coinpulse_ingest_ticks_published_total{source=\"replay\"}");
        assertThat(metrics()).as("the replay runs when the broker stops").doesNotContain(REPLAY_DONE);
        long bursts = Math.max(10, OUTAGE.toMillis() / 300);
        for (int burst = 0; burst < bursts; burst++) {
            sent.addAll(BinanceTrades.send(fakes.binance(), 2_000_000 + burst * 100L, 40));
            Thread.sleep(300);
        }
        await("every live tick of the outage accepted", () -> value(metrics(),
                "coinpulse_ingest_ticks_received_total{source=\"binance\"}") == sent.size());
        await("live ticks in the journal", () -> journal.status().records() > 0);
        String during = metrics();
        assertThat(during).doesNotContain(REPLAY_DONE);
        assertThat(value(during, "coinpulse_ingest_ticks_published_total{source=\"replay\"}"))
                .as("the replay is paused").isLessThan(SampleDataset.VALID).isGreaterThanOrEqualTo(replayedBefore);
        assertThat(value(during, "coinpulse_ingest_journal_records")).isEqualTo(journal.status().records());
        assertThat(value(during, "coinpulse_ingest_journal_dropped_total{source=\"binance\"}")).isZero();
        long journaled = journal.status().records();

        broker.restart();
        long awaySeconds = Duration.ofNanos(System.nanoTime() - stoppedAt).toSeconds();
        await("the replay completed", () -> metrics().contains(REPLAY_DONE));
        await("the journal drained", () -> journal.status().records() == 0 && journal.status().bytes() == 0);
        await("every live tick published", () -> value(metrics(),
                "coinpulse_ingest_ticks_published_total{source=\"binance\"}") == sent.size());

        Map<String, List<String>> liveByAsset = new LinkedHashMap<>();
        Map<String, List<String>> replayByAsset = new LinkedHashMap<>();
        List<String> liveIds = new ArrayList<>();
        List<String> replayIds = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll("crypto.ticks")) {
            JsonNode tick = JSON.readTree(record.value());
            String id = tick.get("id").textValue();
            assertThat(record.key()).isEqualTo(tick.get("asset").textValue());
            boolean live = id.startsWith("binance:BTCUSDT:") || id.startsWith("binance:ETHUSDT:");
            (live ? liveIds : replayIds).add(id);
            (live ? liveByAsset : replayByAsset).computeIfAbsent(record.key(), k -> new ArrayList<>()).add(id);
        }
        assertThat(liveIds).as("each live tick once").hasSize(sent.size()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(liveByAsset.get("BTC")).as("BTC in send order").containsExactlyElementsOf(
                sent.stream().filter(id -> id.startsWith("binance:BTCUSDT:")).toList());
        assertThat(liveByAsset.get("ETH")).as("ETH in send order").containsExactlyElementsOf(
                sent.stream().filter(id -> id.startsWith("binance:ETHUSDT:")).toList());

        List<String> expectedReplay = expectedReplayIds();
        // the sample's 78 retransmitted lines are published as they come: Spark removes duplicates, not ingest
        assertThat(replayIds).as("each valid line once").hasSize(SampleDataset.VALID)
                .containsExactlyInAnyOrderElementsOf(expectedReplay);
        for (Map.Entry<String, List<String>> asset : replayByAsset.entrySet()) {
            Set<String> ofAsset = Set.copyOf(asset.getValue());
            List<String> inFileOrder = expectedReplay.stream().filter(ofAsset::contains).toList();
            assertThat(asset.getValue()).as(asset.getKey() + " in file order").containsExactlyElementsOf(inFileOrder);
        }
        String after = metrics();
        assertThat(value(after, "coinpulse_ingest_publish_failures_total{channel=\"ticks-out\",source=\"binance\"}")).isZero();
        assertThat(value(after, "coinpulse_ingest_publish_failures_total{channel=\"ticks-out\",source=\"replay\"}")).isZero();
        assertThat(value(after, "coinpulse_ingest_frames_dropped_total{source=\"binance\"}")).isZero();
        assertThat(value(after, "coinpulse_ingest_journal_dropped_total{source=\"binance\"}")).isZero();
        int deadLetters = readAll("crypto.ticks.dlq").size();
        assertThat(deadLetters).as("each invalid line of the replay in the DLQ").isEqualTo(SampleDataset.INVALID);
        System.out.printf("[result] the broker stopped for %d s while a live exchange streamed and a replay ran at 10x;"
                + " %d live ticks in the journal when it came back; records in: %d live ticks + %d valid ticks and %d"
                + " invalid lines replayed; out: %d live and %d replayed ticks in crypto.ticks (each once, in order per"
                + " asset), %d in the DLQ%n", awaySeconds, journaled, sent.size(), SampleDataset.VALID,
                SampleDataset.INVALID, liveIds.size(), replayIds.size(), deadLetters);
    }

    /** The ids of the sample's valid lines, in file order. */
    private static List<String> expectedReplayIds() throws Exception {
        List<String> lines = SampleDataset.lines();
        Map<Integer, Reason> invalid = SampleDataset.expectedRejections();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!invalid.containsKey(i + 1)) {
                ids.add(JSON.readTree(lines.get(i)).get("id").textValue());
            }
        }
        return ids;
    }
}
