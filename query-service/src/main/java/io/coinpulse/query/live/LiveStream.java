package io.coinpulse.query.live;

import io.coinpulse.query.config.QueryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The live stream's memory: the last {@code coinpulse.stream.buffer-size} window updates and alerts
 * consumed from Kafka, and the clients subscribed to them. Every client gets the events that match
 * its filter in the order they were consumed (which keeps Kafka's order within a partition, so the
 * updates of one asset arrive in order). A client that reconnects with {@code Last-Event-ID} gets
 * what it missed from the buffer, or a {@code resync} event when the buffer no longer reaches back
 * that far. A client too slow to take its events loses its connection and resumes the same way.
 *
 * <p>One lock orders appends, replays and heartbeats, so that the id a client last saw always
 * covers exactly the events it was given.
 */
@Singleton
public class LiveStream {

    private final int bufferSize;
    private final int clientBuffer;
    private final LongSupplier clock;

    private final ArrayDeque<LiveEvent> buffer = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    /** First offset appended per partition since start. */
    private final Map<String, Long> firstSeen = new HashMap<>();
    /** Largest offset evicted from the buffer per partition. */
    private final Map<String, Long> evicted = new HashMap<>();
    private StreamPosition position = StreamPosition.START;

    private final Counter replayed;
    private final Counter resyncs;
    private final Counter dropped;
    private long timerId = -1;

    @Inject
    LiveStream(QueryConfig config, MeterRegistry registry) {
        this(config.stream().bufferSize(), config.stream().clientBuffer(), System::currentTimeMillis, registry);
    }

    /** A stream holding {@code bufferSize} events, dropping clients that fall {@code clientBuffer} events behind. */
    LiveStream(int bufferSize, int clientBuffer, LongSupplier clock, MeterRegistry registry) {
        if (bufferSize < 1 || clientBuffer < 1) {
            throw new IllegalArgumentException("coinpulse.stream.buffer-size and .client-buffer must be at least 1");
        }
        this.bufferSize = bufferSize;
        this.clientBuffer = clientBuffer;
        this.clock = clock;
        replayed = Counter.builder("coinpulse.query.stream.replayed")
                .description("Events sent again to clients that reconnected with Last-Event-ID").register(registry);
        resyncs = Counter.builder("coinpulse.query.stream.resyncs")
                .description("Reconnections whose missed events were no longer all buffered").register(registry);
        dropped = Counter.builder("coinpulse.query.stream.clients.dropped")
                .description("Connections closed because the client fell too far behind").register(registry);
        Gauge.builder("coinpulse.query.stream.clients", this, LiveStream::clientCount)
                .description("Clients connected to the live stream").register(registry);
        Gauge.builder("coinpulse.query.stream.buffered", this, LiveStream::bufferedCount)
                .description("Events held for reconnecting clients").register(registry);
    }

    void startHeartbeats(@Observes StartupEvent start, QueryConfig config, Vertx vertx) {
        timerId = vertx.setPeriodic(config.stream().heartbeat().toMillis(), id -> heartbeat());
    }

    void stopHeartbeats(@Observes ShutdownEvent stop, Vertx vertx) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /**
     * Appends a consumed record and sends it to every client whose filter it matches. A record at or
     * before the last offset of its partition (consumed again after a rebalance) is ignored.
     *
     * @return whether it was new
     */
    public synchronized boolean append(String partition, long offset, String type, String asset, String size,
            String json) {
        OptionalLong last = position.offset(partition);
        if (last.isPresent() && offset <= last.getAsLong()) {
            return false;
        }
        position = position.with(partition, offset);
        firstSeen.putIfAbsent(partition, offset);
        LiveEvent event = new LiveEvent(partition, offset, type, asset, size, json, position.render());
        buffer.addLast(event);
        if (buffer.size() > bufferSize) {
            LiveEvent old = buffer.removeFirst();
            evicted.put(old.partition(), old.offset());
        }
        for (Subscriber s : List.copyOf(subscribers)) {
            s.offer(event);
        }
        return true;
    }

    /** The offset of the last record appended from {@code partition}: where to resume consuming after a rebalance. */
    public synchronized OptionalLong lastOffset(String partition) {
        return position.offset(partition);
    }

    /** Where the stream is: the id of its latest event. */
    public synchronized StreamPosition position() {
        return position;
    }

    /**
     * The events for one client, live from now on: first a {@code heartbeat} carrying the current
     * position; after a reconnection ({@code from} present) the missed events that match first, or a
     * {@code resync} when they are not all held any more.
     */
    public Multi<StreamItem> subscribe(StreamFilter filter, Optional<StreamPosition> from) {
        return Multi.createFrom().<StreamItem>emitter(emitter -> open(filter, from, emitter), BackPressureStrategy.ERROR)
                .onOverflow().buffer(clientBuffer)
                .onFailure(BackPressureFailure.class).invoke(() -> dropped.increment());
    }

    /** Sends every client a heartbeat with the current position. */
    public synchronized void heartbeat() {
        StreamItem beat = heartbeatItem();
        for (Subscriber s : List.copyOf(subscribers)) {
            s.emitter.emit(beat);
        }
    }

    synchronized int clientCount() {
        return subscribers.size();
    }

    synchronized int bufferedCount() {
        return buffer.size();
    }

    private synchronized void open(StreamFilter filter, Optional<StreamPosition> from,
            MultiEmitter<? super StreamItem> emitter) {
        Subscriber subscriber = new Subscriber(filter, emitter, from.orElse(StreamPosition.START));
        if (from.isPresent()) {
            Optional<String> gap = gap(from.get());
            if (gap.isPresent()) {
                resyncs.increment();
                Log.debugf("resync of a client at %s: %s", from.get(), gap.get());
                subscriber.skipUpTo = StreamPosition.START;
                emitter.emit(new StreamItem(position.render(), StreamItem.RESYNC,
                        "{\"reason\":\"" + gap.get() + "\"}"));
            } else {
                for (LiveEvent event : buffer) {
                    if (subscriber.offer(event)) {
                        replayed.increment();
                    }
                }
            }
        }
        emitter.emit(heartbeatItem());
        subscribers.add(subscriber);
        emitter.onTermination(() -> remove(subscriber));
    }

    private synchronized void remove(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /**
     * Why the events after {@code from} cannot all be replayed, if they cannot: some were evicted from
     * the buffer, or arrived before this instance started consuming their partition.
     */
    private Optional<String> gap(StreamPosition from) {
        Set<String> partitions = new TreeSet<>(from.partitions());
        partitions.addAll(firstSeen.keySet());
        for (String partition : partitions) {
            long seen = from.offset(partition).orElse(-1);
            Long evictedUpTo = evicted.get(partition);
            if (evictedUpTo != null && evictedUpTo > seen) {
                return Optional.of("events of " + partition + " after offset " + seen + " are no longer buffered");
            }
            Long first = firstSeen.get(partition);
            if (seen >= 0 && first != null && first > seen + 1) {
                return Optional.of("this instance started consuming " + partition + " at offset " + first
                        + ", after " + seen);
            }
        }
        return Optional.empty();
    }

    private StreamItem heartbeatItem() {
        return new StreamItem(position.render(), StreamItem.HEARTBEAT, "{\"time\":" + clock.getAsLong() + "}");
    }

    private static final class Subscriber {

        final StreamFilter filter;
        final MultiEmitter<? super StreamItem> emitter;
        /** Events at or before this position were given already (by another instance ahead of this one). */
        StreamPosition skipUpTo;

        Subscriber(StreamFilter filter, MultiEmitter<? super StreamItem> emitter, StreamPosition skipUpTo) {
            this.filter = filter;
            this.emitter = emitter;
            this.skipUpTo = skipUpTo;
        }

        /** Sends {@code event} if the client wants it and has not had it; returns whether it was sent. */
        boolean offer(LiveEvent event) {
            if (event.offset() <= skipUpTo.offset(event.partition()).orElse(-1) || !filter.matches(event)) {
                return false;
            }
            emitter.emit(StreamItem.of(event));
            return true;
        }
    }
}
