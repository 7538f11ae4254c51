package io.coinpulse.ingest.source;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.metrics.IngestMetrics;
import io.coinpulse.ingest.pipeline.FrameRecorder;
import io.coinpulse.ingest.pipeline.IngestPipeline;
import io.coinpulse.ingest.source.live.LiveSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Knows every {@link Source} bean by name, starts those {@code coinpulse.ingest.sources} enables (an unknown
 * name fails startup; {@code auto} is expanded, see {@link AutoSources}), registers each enabled source's
 * check and gauges ({@link SourceHealth}) and one liveness check, and stops
 * them first on shutdown.
 */
@ApplicationScoped
public class SourceRegistry {

    /** Liveness check name. */
    public static final String LIVENESS_CHECK = "ingest sources";

    /** The live sources {@code auto} tries, in the order they are enabled: keyless first. */
    static final List<String> AUTO_ORDER = List.of("binance", "coinbase", "kraken", "coingecko", "coincap", "coinapi");

    /** Daemon threads for the start-up probes. */
    private static final Executor PROBES = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "ingest-auto-probe");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    @Any
    Instance<Source> sources;

    @Inject
    IngestConfig config;

    @Inject
    IngestMetrics metrics;

    @Inject
    FrameRecorder recorder;

    @Inject
    IngestPipeline pipeline;

    @Inject
    SourceHealth health;

    @Inject
    @Liveness
    HealthRegistry liveness;

    private volatile List<Source> enabled = List.of();

    void onStart(@Observes StartupEvent event) {
        Map<String, Source> known = byName();
        Set<String> accepted = new TreeSet<>(known.keySet());
        accepted.add(AutoSources.AUTO);
        List<String> names = resolve(config.sources(), accepted);
        if (names.contains(AutoSources.AUTO)) {
            names = expandAuto(names, known);
        }
        List<Source> started = new ArrayList<>();
        for (String name : names) {
            started.add(known.get(name));
        }
        recorder.open();
        enabled = List.copyOf(started);
        for (Source source : enabled) {
            health.register(source, metrics.forSource(source.name()));
        }
        liveness.register(LIVENESS_CHECK, this::liveness);
        Log.infof("ingest sources enabled: %s (available: %s)", String.join(", ", names(enabled)),
                String.join(", ", known.keySet()));
        for (Source source : enabled) {
            source.start();
        }
    }

    /**
     * Stops the sources, then waits (at most {@code coinpulse.ingest.publish.shutdown-timeout}) for Kafka
     * to acknowledge what they handed over. Runs before the messaging connectors close.
     */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        // the health registries can outlive this application (several apps in one test JVM)
        liveness.remove(LIVENESS_CHECK);
        health.unregisterAll();
        for (Source source : enabled) {
            try {
                source.stop();
            } catch (RuntimeException e) {
                Log.warnf(e, "source %s did not stop cleanly", source.name());
            }
        }
        long deadline = System.nanoTime() + config.publish().shutdownTimeout().toNanos();
        try {
            for (Source source : enabled) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                if (!pipeline.drain(source.name(), left)) {
                    Log.warnf("shutdown: %d records of source %s still unacknowledged by Kafka",
                            pipeline.meters(source.name()).pending().get(), source.name());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A new parser of the source called {@code name}, enabled or not (replaying recorded frames); a replay
     * asks once per source and keeps it for the whole file (parsers may learn from earlier frames).
     */
    public Optional<FrameParser> parserFor(String name) {
        return Optional.ofNullable(byName().get(name)).map(Source::parser);
    }

    /**
     * Replaces {@code auto} by the live sources that need no further setup (keyless, or keyed with their key
     * set) and answer a probe within {@code coinpulse.ingest.auto.probe-timeout} (all probed at once), or by
     * {@code synthetic} when none does; says which in one {@code coinpulse:} line, on stdout and in the log.
     */
    private List<String> expandAuto(List<String> names, Map<String, Source> known) {
        Duration timeout = config.auto().probeTimeout();
        Map<String, CompletableFuture<Optional<String>>> probes = new LinkedHashMap<>();
        for (String candidate : AUTO_ORDER) {
            if (known.get(candidate) instanceof LiveSource live && live.autoEligible()) {
                probes.put(candidate, CompletableFuture.supplyAsync(() -> probe(live, timeout), PROBES));
            }
        }
        Map<String, Optional<String>> results = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos() + 2_000_000_000L;
        probes.forEach((name, probe) -> {
            try {
                results.put(name, probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                results.put(name, Optional.of("no answer within " + timeout.toMillis() + " ms"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results.put(name, Optional.of("interrupted"));
            } catch (ExecutionException e) {
                results.put(name, Optional.of(String.valueOf(e.getCause())));
            }
        });
        AutoSources.Choice choice = AutoSources.choose(results);
        results.forEach((name, failure) -> failure.ifPresent(why -> Log.infof("auto: source %s is unreachable: %s", name, why)));
        Log.info(choice.line());
        System.out.println(choice.line());
        LinkedHashSet<String> expanded = new LinkedHashSet<>();
        for (String name : names) {
            if (name.equals(AutoSources.AUTO)) {
                expanded.addAll(choice.sources());
            } else {
                expanded.add(name);
            }
        }
        return List.copyOf(expanded);
    }

    private static Optional<String> probe(LiveSource source, Duration timeout) {
        try {
            return source.probe(timeout);
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    public List<Source> enabled() {
        return enabled;
    }

    /**
     * The enabled source names, trimmed, lower-cased, in order, each once.
     *
     * @throws IllegalStateException naming the unknown sources and the available ones
     */
    public static List<String> resolve(Collection<String> requested, Set<String> known) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String name : requested) {
            if (!name.isBlank()) {
                names.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("coinpulse.ingest.sources (COINPULSE_INGEST_SOURCES) names no source;"
                    + " available: " + String.join(", ", new TreeSet<>(known)));
        }
        List<String> unknown = names.stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Unknown ingest source" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList())
                    + " in coinpulse.ingest.sources (COINPULSE_INGEST_SOURCES); available: "
                    + String.join(", ", new TreeSet<>(known)));
        }
        return List.copyOf(names);
    }

    private Map<String, Source> byName() {
        Map<String, Source> known = new TreeMap<>();
        for (Source source : sources) {
            Source previous = known.put(source.name(), source);
            if (previous != null) {
                throw new IllegalStateException("two sources are called " + source.name());
            }
        }
        return known;
    }

    private HealthCheckResponse liveness() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(LIVENESS_CHECK).up();
        for (Source source : enabled) {
            SourceStatus status = source.status();
            response.withData(source.name(), status.state().label());
            if (status.state() == SourceStatus.State.CRASHED) {
                response.down().withData(source.name() + " detail", status.detail());
            }
        }
        return response.build();
    }

    private static List<String> names(List<Source> sources) {
        return sources.stream().map(Source::name).toList();
    }
}
