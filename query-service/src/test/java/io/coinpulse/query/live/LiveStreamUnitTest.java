package io.coinpulse.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The buffer, replay, resync, filters and back-pressure of the live stream, without Kafka or HTTP. */
class LiveStreamUnitTest {

    private static final long NOW = 1_772_323_600_000L;

    private SimpleMeterRegistry registry;
    private LiveStream stream;

    @BeforeEach
    void newStream() {
        registry = new SimpleMeterRegistry();
        stream = new LiveStream(5, 3, () -> NOW, registry);
    }

    @Test
    void aNewClientGetsAHeartbeatWithThePositionThenLiveEventsInOrder() {
        append("m0", 10, "BTC", "1m");
        AssertSubscriber<StreamItem> client = subscribe(StreamFilter.ALL, Optional.empty());
        append("m0", 11, "BTC", "1m");
        append("m1", 4, "ETH", "1m");
        assertThat(client.getItems()).containsExactly(
                new StreamItem("m0:10", "heartbeat", "{\"time\":" + NOW + "}"),
                new StreamItem("m0:11", "window", "BTC 1m m0@11"),
                new StreamItem("m0:11,m1:4", "window", "ETH 1m m1@4"));
    }

    @Test
    void aReconnectingClientGetsWhatItMissedThenAHeartbeatThenLiveEvents() {
        append("m0", 10, "BTC", "1m");
        String seen = stream.position().render();
        append("m1", 4, "ETH", "1m");
        append("a0", 0, "BTC", null);
        AssertSubscriber<StreamItem> client = subscribe(StreamFilter.ALL, Optional.of(StreamPosition.parse(seen)));
        append("m0", 11, "BTC", "1m");
        assertThat(client.getItems()).extracting(StreamItem::id, StreamItem::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("m0:10,m1:4", "window"),
                org.assertj.core.groups.Tuple.tuple("a0:0,m0:10,m1:4", "alert"),
                org.assertj.core.groups.Tuple.tuple("a0:0,m0:10,m1:4", "heartbeat"),
                org.assertj.core.groups.Tuple.tuple("a0:0,m0:11,m1:4", "window"));
        assertThat(registry.counter("coinpulse.query.stream.replayed").count()).isEqualTo(2);
    }

    @Test
    void theReplayKeepsTheClientsFilter() {
        append("m0", 10, "BTC", "1m");
        String seen = stream.position().render();
        append("m1", 4, "ETH", "1m");
        append("m1", 5, "ETH", "5m");
        append("m0", 11, "BTC", "5m");
        append("a0", 0, "ETH", null);
        AssertSubscriber<StreamItem> client = subscribe(new StreamFilter(Set.of("ETH"), Set.of("5m")),
                Optional.of(StreamPosition.parse(seen)));
        assertThat(client.getItems()).extracting(StreamItem::data)
                .containsExactly("ETH 5m m1@5", "ETH - a0@0", "{\"time\":" + NOW + "}");
    }

    @Test
    void aClientBehindTheBufferGetsAResyncInsteadOfAReplay() {
        append("m0", 1, "BTC", "1m");
        String seen = stream.position().render();
        for (int offset = 2; offset <= 7; offset++) {
            append("m0", offset, "BTC", "1m"); // the buffer holds 5: offset 2 is evicted
        }
        AssertSubscriber<StreamItem> client = subscribe(StreamFilter.ALL, Optional.of(StreamPosition.parse(seen)));
        assertThat(client.getItems()).containsExactly(
                new StreamItem("m0:7", "resync", "{\"reason\":\"events of m0 after offset 1 are no longer buffered\"}"),
                new StreamItem("m0:7", "heartbeat", "{\"time\":" + NOW + "}"));
        assertThat(registry.counter("coinpulse.query.stream.resyncs").count()).isEqualTo(1);
        // one event later it would have been fine
        AssertSubscriber<StreamItem> recent = subscribe(StreamFilter.ALL, Optional.of(StreamPosition.parse("m0:2")));
        assertThat(recent.getItems()).extracting(StreamItem::name)
                .containsExactly("window", "window", "window", "window", "window", "heartbeat");
    }

    @Test
    void aClientFromBeforeThisInstanceStartedConsumingGetsAResync() {
        append("m0", 50, "BTC", "1m");
        AssertSubscriber<StreamItem> client = subscribe(StreamFilter.ALL, Optional.of(StreamPosition.parse("m0:40")));
        assertThat(client.getItems()).extracting(StreamItem::name).containsExactly("resync", "heartbeat");
        assertThat(client.getItems().get(0).data())
                .isEqualTo("{\"reason\":\"this instance started consuming m0 at offset 50, after 40\"}");
        // the record just before the first one consumed: nothing was missed
        assertThat(subscribe(StreamFilter.ALL, Optional.of(StreamPosition.parse("m0:49"))).getItems())
                .extracting(StreamItem::name).containsExactly("window", "heartbeat");
    }

    @Test
    void aClientAheadOfThisInstanceIsNotGivenTheSameEventTwice() {
        append("m0", 10, "BTC", "1m");
        AssertSubscriber<StreamItem> client = subscribe(StreamFilter.ALL, Optional.of(StreamPosition.parse("m0:12")));
        append("m0", 11, "BTC", "1m");
        append("m0", 12, "BTC", "1m");
        append("m0", 13, "BTC", "1m");
        assertThat(client.getItems()).extracting(StreamItem::name, StreamItem::data).containsExactly(
                org.assertj.core.groups.Tuple.tuple("heartbeat", "{\"time\":" + NOW + "}"),
                org.assertj.core.groups.Tuple.tuple("window", "BTC 1m m0@13"));
    }

    @Test
    void aRecordConsumedAgainAfterARebalanceIsIgnored() {
        assertThat(append("m0", 10, "BTC", "1m")).isTrue();
        assertThat(append("m0", 10, "BTC", "1m")).isFalse();
        assertThat(append("m0", 9, "BTC", "1m")).isFalse();
        assertThat(stream.lastOffset("m0")).hasValue(10);
        assertThat(stream.lastOffset("m1")).isEmpty();
    }

    @Test
    void heartbeatsCarryTheCurrentPosition() {
        AssertSubscriber<StreamItem> client = subscribe(StreamFilter.ALL, Optional.empty());
        append("m2", 3, "SOL", "1m");
        stream.heartbeat();
        assertThat(client.getItems()).extracting(StreamItem::id, StreamItem::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("0", "heartbeat"),
                org.assertj.core.groups.Tuple.tuple("m2:3", "window"),
                org.assertj.core.groups.Tuple.tuple("m2:3", "heartbeat"));
    }

    @Test
    void aClientThatStopsReadingIsDroppedOnceItsQueueIsFull() {
        AssertSubscriber<StreamItem> slow = stream.subscribe(StreamFilter.ALL, Optional.empty())
                .subscribe().withSubscriber(AssertSubscriber.create(0));
        append("m0", 0, "BTC", "1m");
        append("m0", 1, "BTC", "1m");
        slow.assertNotTerminated(); // the first heartbeat and two events: 3 queued
        assertThat(stream.clientCount()).isEqualTo(1);
        append("m0", 2, "BTC", "1m");
        slow.assertFailedWith(BackPressureFailure.class);
        assertThat(stream.clientCount()).isZero();
        assertThat(registry.counter("coinpulse.query.stream.clients.dropped").count()).isEqualTo(1);
    }

    @Test
    void aClientThatLeavesIsForgotten() {
        AssertSubscriber<StreamItem> client = subscribe(StreamFilter.ALL, Optional.empty());
        assertThat(stream.clientCount()).isEqualTo(1);
        client.cancel();
        assertThat(stream.clientCount()).isZero();
        append("m0", 1, "BTC", "1m");
        assertThat(client.getItems()).hasSize(1);
    }

    private boolean append(String partition, long offset, String asset, String size) {
        String type = partition.startsWith("a") ? LiveEvent.ALERT : LiveEvent.WINDOW;
        return stream.append(partition, offset, type, asset, size,
                asset + " " + (size == null ? "-" : size) + " " + partition + "@" + offset);
    }

    private AssertSubscriber<StreamItem> subscribe(StreamFilter filter, Optional<StreamPosition> from) {
        return stream.subscribe(filter, from).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }
}
