package io.coinpulse.query.live;

import io.coinpulse.query.config.QueryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cap on concurrent stream clients ({@code coinpulse.stream.max-clients}): each connection holds a slot from
 * admission until its stream terminates (completed, failed, dropped as too slow, or cancelled by the client).
 * Meters: {@code coinpulse.query.stream.clients.max}, {@code coinpulse.query.stream.clients.refused}.
 */
@Singleton
public class StreamClients {

    private final int max;
    private final Semaphore slots;
    private final Counter refused;

    @Inject
    StreamClients(QueryConfig config, MeterRegistry registry) {
        this(config.stream().maxClients(), registry);
    }

    StreamClients(int max, MeterRegistry registry) {
        if (max < 1) {
            throw new IllegalArgumentException("coinpulse.stream.max-clients must be at least 1, got " + max);
        }
        this.max = max;
        this.slots = new Semaphore(max);
        refused = Counter.builder("coinpulse.query.stream.clients.refused")
                .description("Stream connections refused with 503 because max-clients were connected").register(registry);
        Gauge.builder("coinpulse.query.stream.clients.max", this, c -> c.max)
                .description("Most clients the live stream takes at once").register(registry);
    }

    /** A slot for one more client, or empty (counted as refused) when {@link #max()} clients hold one. */
    public Optional<Slot> admit() {
        if (slots.tryAcquire()) {
            return Optional.of(new Slot());
        }
        refused.increment();
        return Optional.empty();
    }

    public int max() {
        return max;
    }

    /** One client's place; released once, however often its stream reports its end. */
    public final class Slot {

        private final AtomicBoolean released = new AtomicBoolean();

        public void release() {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }
}
