package io.coinpulse.ingest;

import static io.coinpulse.ingest.LiveChecks.await;
import static io.coinpulse.ingest.LiveChecks.awaitReady;
import static io.coinpulse.ingest.TopicReader.metrics;
import static io.coinpulse.ingest.TopicReader.readAll;
import static io.coinpulse.ingest.TopicReader.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.devstack.KafkaBroker;
import io.coinpulse.ingest.fake.FakeExchanges;
import io.coinpulse.ingest.fake.FakeExchangesResource;
import io.coinpulse.ingest.journal.Journal;
import io.coinpulse.ingest.pipeline.IngestPipeline;
import io.coinpulse.ingest.journal.JournalEntry;
import io.coinpulse.ingest.journal.JournalStatus;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickJson;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A journal bound of 4 KiB and a broker away: the records the producer took before it noticed (at most
 * {@code max-in-flight}) and those the journal holds are published once the broker is back, the oldest first;
 * exactly the rest is dropped, counted for its source in the metric and the status health reads.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.sources", value = "binance"),
        @ResourceArg(name = "coinpulse.ingest.publish.max-in-flight", value = "4"),
        @ResourceArg(name = "coinpulse.ingest.journal.max-bytes", value = "4096") })
@WithTestResource(value = FakeExchangesResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.binance.silence-timeout", value = "120s") })
class JournalBoundTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT = 4;
    private static final int SENT = 100;

    FakeExchanges fakes;
    KafkaBroker broker;

    @Inject
    Journal journal;

    @Inject
    IngestPipeline pipeline;

    @Test
    void pastTheBoundExactlyTheNewestTicksAreDroppedAndCounted() throws Exception {
        awaitReady(List.of("binance"));
        List<String> warmUp = BinanceTrades.send(fakes.binance(), 1, 2);
        await("the broker takes ticks", () -> value(metrics(), "coinpulse_ingest_ticks_published_total{source=\"binance\"}") == 2);

        broker.stop();
        List<String> sent = BinanceTrades.send(fakes.binance(), 3_000_000_000L, SENT);
        await("every tick of the outage accepted", () -> value(metrics(),
                "coinpulse_ingest_ticks_received_total{source=\"binance\"}") == 2 + SENT);

        int entry = 12 + journaledSize(); // its bytes and its framing
        int fits = (4096 - 32) / entry;
        long deadline = System.nanoTime() + LiveChecks.WAIT.toNanos();
        while (settled() != SENT && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        JournalStatus status = journal.status();
        long inProducer = pipeline.meters("binance").pending().get();
        assertThat(settled()).as("journaled, dropped or in the producer: %s, %d", status, inProducer).isEqualTo(SENT);
        // the producer holds what it took before it noticed the broker was gone: at most max-in-flight
        assertThat(inProducer).isBetween(0L, (long) IN_FLIGHT);
        long dropped = SENT - inProducer - fits;
        assertThat(status.records()).as("records that fit in 4 KiB, %d bytes each", entry).isEqualTo(fits);
        assertThat(status.bytes()).isEqualTo((long) fits * entry);
        assertThat(status.capacityBytes()).isEqualTo(4096);
        assertThat(status.dropped()).isEqualTo(Map.of("binance", dropped));
        String metrics = metrics();
        assertThat(value(metrics, "coinpulse_ingest_journal_dropped_total{source=\"binance\"}")).isEqualTo(dropped);
        assertThat(value(metrics, "coinpulse_ingest_journal_records")).isEqualTo(fits);
        assertThat(value(metrics, "coinpulse_ingest_journal_bytes")).isEqualTo(status.bytes());
        assertThat(value(metrics, "coinpulse_ingest_journal_capacity_bytes")).isEqualTo(4096);

        broker.restart();
        await("the journal drained", () -> journal.status().records() == 0);
        await("the kept ticks published", () -> value(metrics(),
                "coinpulse_ingest_ticks_published_total{source=\"binance\"}") == 2 + inProducer + fits);
        List<String> published = new ArrayList<>();
        for (ConsumerRecord<String, String> record : readAll("crypto.ticks")) {
            published.add(JSON.readTree(record.value()).get("id").textValue());
        }
        List<String> kept = new ArrayList<>(warmUp);
        kept.addAll(sent.subList(0, (int) inProducer + fits));
        assertThat(published).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(value(metrics(), "coinpulse_ingest_journal_dropped_total{source=\"binance\"}")).isEqualTo(dropped);
    }

    /** The outage's ticks that are settled: journaled, dropped, or held by the producer. */
    private long settled() {
        JournalStatus status = journal.status();
        return status.records() + status.dropped().getOrDefault("binance", 0L)
                + pipeline.meters("binance").pending().get();
    }

    /** The bytes one journaled trade of this test takes: each has the same length (13-digit times, 10-digit ids). */
    private static int journaledSize() {
        Tick tick = Tick.trade("binance", "BTC", "USDT", 113747.89, 0.0006, 1757522615939L, "binance:BTCUSDT:3000000000")
                .withIngestTime(1_800_000_000_000L);
        return JournalEntry.tick("binance", "BTC", TickJson.writeUtf8(tick)).encode().length;
    }
}
