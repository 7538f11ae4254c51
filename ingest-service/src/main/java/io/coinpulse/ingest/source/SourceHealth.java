package io.coinpulse.ingest.source;

import io.coinpulse.ingest.metrics.SourceMeters;
import io.coinpulse.ingest.source.live.LiveSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.health.registry.HealthRegistries;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Where each enabled source stands, for operators: one check per source in the health group {@value #GROUP}
 * ({@code /q/health/group/sources}) and two gauges per source. A source that is down (an exchange unreachable or
 * rate limiting) shows here and never in readiness: readiness only says whether ingest can publish to Kafka.
 *
 * <ul>
 * <li>{@code coinpulse.ingest.source.up{source}}: 1 while the source runs (or a replay completed), else 0</li>
 * <li>{@code coinpulse.ingest.source.state{source,state}}: 1 for the source's current state, 0 for the others
 * (every {@link SourceStatus.State} is a series)</li>
 * </ul>
 */
@ApplicationScoped
public class SourceHealth {

    /** The health group of the per-source checks. */
    public static final String GROUP = "sources";

    public static final String UP = "coinpulse.ingest.source.up";
    public static final String STATE = "coinpulse.ingest.source.state";

    private final MeterRegistry registry;
    private final List<String> checks = new CopyOnWriteArrayList<>();
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();

    public SourceHealth(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The check name of a source: {@code "<name> source"}. */
    public static String checkName(String source) {
        return source + " source";
    }

    /** Registers the check and the gauges of an enabled source. */
    void register(Source source, SourceMeters meters) {
        String name = checkName(source.name());
        group().register(name, () -> checkOf(source, meters));
        checks.add(name);
        gauges.add(Gauge.builder(UP, source, s -> s.status().state().ready() ? 1 : 0)
                .description("1 while the source runs (or a replay completed), else 0")
                .tag("source", source.name()).strongReference(true).register(registry));
        for (SourceStatus.State state : SourceStatus.State.values()) {
            gauges.add(Gauge.builder(STATE, source, s -> s.status().state() == state ? 1 : 0)
                    .description("1 for the source's current state, 0 for the others")
                    .tag("source", source.name()).tag("state", state.label()).strongReference(true).register(registry));
        }
    }

    /**
     * Removes the checks and gauges: the health registries and a global meter registry can outlive this
     * application (several applications in one test JVM) and would keep reading stopped sources.
     */
    void unregisterAll() {
        checks.forEach(group()::remove);
        checks.clear();
        gauges.forEach(registry::remove);
        gauges.clear();
    }

    private static HealthRegistry group() {
        return HealthRegistries.getHealthGroupRegistry(GROUP);
    }

    private static HealthCheckResponse checkOf(Source source, SourceMeters meters) {
        SourceStatus status = source.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(checkName(source.name()))
                .status(status.state().ready())
                .withData("state", status.state().label())
                .withData("detail", status.detail())
                .withData("received", meters.receivedCount())
                .withData("published", meters.publishedCount())
                .withData("rejected", meters.rejectedCount())
                .withData("awaitingKafka", meters.pending().get());
        if (source instanceof LiveSource) {
            response.withData("frames", meters.framesCount())
                    .withData("skipped", meters.skippedCount())
                    .withData("reconnects", meters.reconnectCount())
                    .withData("stalls", meters.stallCount())
                    .withData("rateLimited", meters.rateLimitedCount());
        }
        double age = meters.lastEventAgeSeconds();
        if (!Double.isNaN(age)) {
            response.withData("lastEventAgeSeconds", Math.round(age));
        }
        return response.build();
    }
}
