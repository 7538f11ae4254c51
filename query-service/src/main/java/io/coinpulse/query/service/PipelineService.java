package io.coinpulse.query.service;

import io.coinpulse.query.store.JobActivity;
import io.coinpulse.query.store.PipelineRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The pipeline's status: the job's record of its micro-batches and ingest's sources. */
@ApplicationScoped
public class PipelineService {

    static final long PERIOD_MS = 60_000;

    private final PipelineRepository repository;
    private final IngestStatus ingest;
    private final AssetService assets;
    /** The previous sample of ingest's rejected total: {time, total}; guarded by this. */
    private long[] previousRejected;

    public PipelineService(PipelineRepository repository, IngestStatus ingest, AssetService assets) {
        this.repository = repository;
        this.ingest = ingest;
        this.assets = assets;
    }

    public PipelineStatus status(long now) {
        JobActivity job = repository.activity(AssetService.PRICE_SIZE, now - PERIOD_MS);
        Optional<List<PipelineStatus.Source>> sources = ingest.sources();
        Double dlqPerSecond = sources.map(s -> dlqRate(now, s.stream().mapToLong(PipelineStatus.Source::rejected).sum()))
                .orElse(null);
        String state = !ingest.configured() ? "unconfigured" : sources.isPresent() ? "up" : "unreachable";
        return new PipelineStatus(now, assets.sizes(), job.inputRows() * 1000.0 / PERIOD_MS, job.lateRecords(),
                job.lastBatchEnd() == null ? null : Math.max(0, now - job.lastBatchEnd()),
                job.newestEventTime() == null ? null : Math.max(0, now - job.newestEventTime()),
                dlqPerSecond, state, sources.orElse(List.of()));
    }

    /** Rejections per second since the previous sample; null for the first, or after ingest restarted. */
    private synchronized Double dlqRate(long now, long rejected) {
        long[] previous = previousRejected;
        previousRejected = new long[] {now, rejected};
        if (previous == null || now <= previous[0] || rejected < previous[1]) {
            return null;
        }
        return (rejected - previous[1]) * 1000.0 / (now - previous[0]);
    }
}
