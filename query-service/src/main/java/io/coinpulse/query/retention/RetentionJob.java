package io.coinpulse.query.retention;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * Enforces the retention on a schedule: every {@code coinpulse.retention.interval} (COINPULSE_RETENTION_INTERVAL,
 * {@code off} never), first after {@code coinpulse.retention.initial-delay}. A run still going when the next is
 * due makes that one skip.
 */
@ApplicationScoped
public class RetentionJob {

    private final RetentionService retention;

    public RetentionJob(RetentionService retention) {
        this.retention = retention;
    }

    @Scheduled(identity = "retention", every = "${coinpulse.retention.interval}",
            delayed = "${coinpulse.retention.initial-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            Map<String, Long> deleted = retention.purge(Instant.now());
            Log.infof("retention: deleted %s", deleted);
        } catch (RuntimeException e) {
            // the next run tries again; the database may be down for a while
            Log.warnf(e, "retention: run failed");
        }
    }
}
