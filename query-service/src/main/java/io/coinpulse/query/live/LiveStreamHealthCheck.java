package io.coinpulse.query.live;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * {@code /q/health/group/live}: whether the live stream reads both topics. Deliberately not part of
 * readiness: without Kafka the REST API still answers, only the stream is quiet.
 */
@ApplicationScoped
@HealthGroup("live")
public class LiveStreamHealthCheck implements HealthCheck {

    private final LiveRebalanceListener partitions;
    private final LiveStream stream;

    public LiveStreamHealthCheck(@Identifier(LiveRebalanceListener.NAME) LiveRebalanceListener partitions,
            LiveStream stream) {
        this.partitions = partitions;
        this.stream = stream;
    }

    @Override
    public HealthCheckResponse call() {
        Set<String> assigned = partitions.assigned();
        boolean metrics = assigned.stream().anyMatch(p -> p.startsWith("m"));
        boolean alerts = assigned.stream().anyMatch(p -> p.startsWith("a"));
        return HealthCheckResponse.named("live stream")
                .status(metrics && alerts)
                .withData("partitions", String.join(",", assigned))
                .withData("position", stream.position().render())
                .withData("clients", stream.clientCount())
                .build();
    }
}
