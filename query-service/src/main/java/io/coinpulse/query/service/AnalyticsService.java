package io.coinpulse.query.service;

import io.coinpulse.query.store.Alert;
import io.coinpulse.query.store.AnalyticsRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Movers and alerts (SPEC §4), served as spark-app wrote them. */
@ApplicationScoped
public class AnalyticsService {

    private final AnalyticsRepository repository;
    private final AssetService assets;

    public AnalyticsService(AnalyticsRepository repository, AssetService assets) {
        this.repository = repository;
        this.assets = assets;
    }

    /** The latest ranking of {@code period}, at most {@code limit} gainers and losers; empty lists before the first. */
    public MoverBoard movers(String period, int limit) {
        OptionalLong asOf = repository.latestMoversAsOf(period);
        if (asOf.isEmpty()) {
            return new MoverBoard(period, null, List.of(), List.of());
        }
        AnalyticsRepository.Ranked ranked = repository.movers(period, asOf.getAsLong(), limit);
        return new MoverBoard(period, asOf.getAsLong(), ranked.gainers(), ranked.losers());
    }

    /**
     * The indicators of the first {@code limit} 1m windows of {@code asset} with from <= windowStart < to.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 404 for an unknown asset or source, 400 for an
     *     ambiguous one (as the windows)
     */
    public IndicatorSeries indicators(String asset, Optional<String> source, OptionalLong from, OptionalLong to, int limit) {
        String resolved = assets.resolveSource(asset, source);
        return new IndicatorSeries(asset, resolved, repository.indicators(resolved, asset, from.orElse(Long.MIN_VALUE),
                to.orElse(Long.MAX_VALUE), limit));
    }

    /**
     * The latest {@code limit} alerts detected at or after {@code since}, newest first.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 404 when {@code asset} names an asset without any data
     */
    public AlertList alerts(OptionalLong since, Optional<String> asset, Optional<String> kind, int limit) {
        List<Alert> alerts = repository.alerts(since, asset, kind, limit);
        if (alerts.isEmpty() && asset.isPresent() && !assets.exists(asset.get())) {
            throw Problems.unknownAsset(asset.get());
        }
        return new AlertList(since.isPresent() ? since.getAsLong() : null, alerts);
    }
}
